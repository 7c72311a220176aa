// c#echo → echo
function (h, f, k, a, b) {
  const ma = a.m, raa = a.ra, sta = a.st, mb = b.m, rab = b.ra, stb = b.st, core = b.core, pr = b.pr;
  return function $fused_echo(w0, w1, w2) {
    if (sta.l !== 0) h.leaveFail("c#echo", sta.l);
    if (stb.f !== 0) h.enterFail(stb, "echo");
    if (stb.p !== undefined) h.enterNested(stb, "echo");
    stb.f = 1;
    let ph = 0;
    let rf;
    try {
      stb.l = 2;
      const p0 = f.S["utf8>utf16"](ma, w0, w1, mb, rab, "echo(s)");
      const n1 = f.fout.len;
      stb.l = 0;
      ph = 1;
      const c = core(p0, n1);
      sta.l = 2;
      try {
        const rp = c >>> 0;
        mb.check(rp, 8, 4, "result of echo");
        const op = w2 >>> 0;
        f.dcheck(ma, op, 8, 4, "result of echo");
        const p2 = f.S["utf16>utf8"](mb, mb.dv.getUint32(rp, true), mb.dv.getUint32(rp + 4, true), ma, raa, "result of echo");
        const n3 = f.fout.len;
        ma.dv.setUint32(op, p2, true);
        ma.dv.setUint32(op + 4, n3, true);
        sta.l = 0;
      }
      catch (x) { if (!f.isDest(x)) throw x; sta.l = 0; rf = x; }
      stb.l = 1; pr(c); stb.l = 0;
    }
    catch (x) { sta.l = 0; if (ph === 0 && !f.isDest(x)) throw f.other(x, "echo", "c#echo", stb); throw h.fail(stb, "echo", x); }
    stb.f = 0;
    if (stb.p !== undefined) h.exitNested(stb);
    if (rf !== undefined) throw f.other(rf, "result of echo", "result of import c#echo");
  }
}

// c#names → names
function (h, f, k, a, b) {
  const ma = a.m, raa = a.ra, sta = a.st, mb = b.m, rab = b.ra, stb = b.st, core = b.core, pr = b.pr;
  return function $fused_names(w0, w1, w2) {
    if (sta.l !== 0) h.leaveFail("c#names", sta.l);
    if (stb.f !== 0) h.enterFail(stb, "names");
    if (stb.p !== undefined) h.enterNested(stb, "names");
    stb.f = 1;
    let ph = 0;
    let rf;
    try {
      stb.l = 2;
      const p0 = w0 >>> 0;
      const n1 = w1 >>> 0;
      h.checkList(ma, p0, n1, 8, 4, "names(xs)");
      const p2 = f.alloc(mb, rab, 0, 0, 4, n1 * 8, "names(xs)", 'list');
      for (let i3 = 0; i3 < n1; i3++) {
        const sp4 = p0 + i3 * 8;
        const dp5 = p2 + i3 * 8;
        const p6 = f.S["utf8>utf16"](ma, ma.dv.getUint32(sp4, true), ma.dv.getUint32(sp4 + 4, true), mb, rab, "names(xs)[]");
        const n7 = f.fout.len;
        mb.dv.setUint32(dp5, p6, true);
        mb.dv.setUint32(dp5 + 4, n7, true);
      }
      stb.l = 0;
      ph = 1;
      const c = core(p2, n1);
      sta.l = 2;
      try {
        const rp = c >>> 0;
        mb.check(rp, 8, 4, "result of names");
        const op = w2 >>> 0;
        f.dcheck(ma, op, 8, 4, "result of names");
        const p8 = mb.dv.getUint32(rp, true);
        const n9 = mb.dv.getUint32(rp + 4, true);
        h.checkList(mb, p8, n9, 8, 4, "result of names");
        const p10 = f.alloc(ma, raa, 0, 0, 4, n9 * 8, "result of names", 'list');
        for (let i11 = 0; i11 < n9; i11++) {
          const sp12 = p8 + i11 * 8;
          const dp13 = p10 + i11 * 8;
          const p14 = f.S["utf16>utf8"](mb, mb.dv.getUint32(sp12, true), mb.dv.getUint32(sp12 + 4, true), ma, raa, "result of names[]");
          const n15 = f.fout.len;
          ma.dv.setUint32(dp13, p14, true);
          ma.dv.setUint32(dp13 + 4, n15, true);
        }
        ma.dv.setUint32(op, p10, true);
        ma.dv.setUint32(op + 4, n9, true);
        sta.l = 0;
      }
      catch (x) { if (!f.isDest(x)) throw x; sta.l = 0; rf = x; }
      stb.l = 1; pr(c); stb.l = 0;
    }
    catch (x) { sta.l = 0; if (ph === 0 && !f.isDest(x)) throw f.other(x, "names", "c#names", stb); throw h.fail(stb, "names", x); }
    stb.f = 0;
    if (stb.p !== undefined) h.exitNested(stb);
    if (rf !== undefined) throw f.other(rf, "result of names", "result of import c#names");
  }
}
