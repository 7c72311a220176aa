// f → f
function (h, f, k, a, b) {
  const ma = a.m, raa = a.ra, sta = a.st, mb = b.m, rab = b.ra, stb = b.st, core = b.core, pr = b.pr;
  function _Mab2(sp, dp, W) {
    const d0 = ma.u8[sp];
    if (d0 >= 2) h.badDisc(d0, 2, W);
    mb.u8[dp] = d0;
    switch (d0) {
      case 0: {
        const sp1 = sp + 4;
        const dp2 = dp + 4;
        const sp3 = sp1 + 0;
        const dp4 = dp2 + 0;
        mb.dv.setUint32(dp4, ma.dv.getUint32(sp3, true), true);
        const sp5 = sp1 + 4;
        const dp6 = dp2 + 4;
        const p7 = f.S["utf8>utf8"](ma, ma.dv.getUint32(sp5, true), ma.dv.getUint32(sp5 + 4, true), mb, rab, W + ".val" + "[1]");
        const n8 = f.fout.len;
        mb.dv.setUint32(dp6, p7, true);
        mb.dv.setUint32(dp6 + 4, n8, true);
        break;
      }
      case 1: {
        const sp9 = sp + 4;
        const dp10 = dp + 4;
        const sp11 = sp9 + 0;
        const dp12 = dp10 + 0;
        mb.dv.setUint32(dp12, ma.dv.getUint32(sp11, true), true);
        const sp13 = sp9 + 4;
        const dp14 = dp10 + 4;
        const p15 = f.S["utf8>utf8"](ma, ma.dv.getUint32(sp13, true), ma.dv.getUint32(sp13 + 4, true), mb, rab, W + ".val" + "[1]");
        const n16 = f.fout.len;
        mb.dv.setUint32(dp14, p15, true);
        mb.dv.setUint32(dp14 + 4, n16, true);
        break;
      }
    }
  }
  function _Mab1(sp, dp, W) {
    const d0 = ma.u8[sp];
    if (d0 >= 2) h.badDisc(d0, 2, W);
    mb.u8[dp] = d0;
    switch (d0) {
      case 0: {
        _Mab2(sp + 4, dp + 4, W + ".val");
        break;
      }
      case 1: {
        _Mab2(sp + 4, dp + 4, W + ".val");
        break;
      }
    }
  }
  function _Fab0(F, W) {
    const p0 = F[0] >>> 0;
    const n1 = F[1] >>> 0;
    h.checkList(ma, p0, n1, 20, 4, W);
    const p2 = f.alloc(mb, rab, 0, 0, 4, n1 * 20, W, 'list');
    const w4 = W + "[]";
    for (let i3 = 0; i3 < n1; i3++) {
      _Mab1(p0 + i3 * 20, p2 + i3 * 20, w4);
    }
    return [p2, n1];
  }
  function _Mba5(sp, dp, W) {
    const d0 = mb.u8[sp];
    if (d0 >= 2) h.badDisc(d0, 2, W);
    ma.u8[dp] = d0;
    switch (d0) {
      case 0: {
        const sp1 = sp + 4;
        const dp2 = dp + 4;
        const sp3 = sp1 + 0;
        const dp4 = dp2 + 0;
        ma.dv.setUint32(dp4, mb.dv.getUint32(sp3, true), true);
        const sp5 = sp1 + 4;
        const dp6 = dp2 + 4;
        const p7 = f.S["utf8>utf8"](mb, mb.dv.getUint32(sp5, true), mb.dv.getUint32(sp5 + 4, true), ma, raa, W + ".val" + "[1]");
        const n8 = f.fout.len;
        ma.dv.setUint32(dp6, p7, true);
        ma.dv.setUint32(dp6 + 4, n8, true);
        break;
      }
      case 1: {
        const sp9 = sp + 4;
        const dp10 = dp + 4;
        const sp11 = sp9 + 0;
        const dp12 = dp10 + 0;
        ma.dv.setUint32(dp12, mb.dv.getUint32(sp11, true), true);
        const sp13 = sp9 + 4;
        const dp14 = dp10 + 4;
        const p15 = f.S["utf8>utf8"](mb, mb.dv.getUint32(sp13, true), mb.dv.getUint32(sp13 + 4, true), ma, raa, W + ".val" + "[1]");
        const n16 = f.fout.len;
        ma.dv.setUint32(dp14, p15, true);
        ma.dv.setUint32(dp14 + 4, n16, true);
        break;
      }
    }
  }
  function _Mba4(sp, dp, W) {
    const d0 = mb.u8[sp];
    if (d0 >= 2) h.badDisc(d0, 2, W);
    ma.u8[dp] = d0;
    switch (d0) {
      case 0: {
        _Mba5(sp + 4, dp + 4, W + ".val");
        break;
      }
      case 1: {
        _Mba5(sp + 4, dp + 4, W + ".val");
        break;
      }
    }
  }
  function _Mba3(sp, dp, W) {
    const p0 = mb.dv.getUint32(sp, true);
    const n1 = mb.dv.getUint32(sp + 4, true);
    h.checkList(mb, p0, n1, 20, 4, W);
    const p2 = f.alloc(ma, raa, 0, 0, 4, n1 * 20, W, 'list');
    const w4 = W + "[]";
    for (let i3 = 0; i3 < n1; i3++) {
      _Mba4(p0 + i3 * 20, p2 + i3 * 20, w4);
    }
    ma.dv.setUint32(dp, p2, true);
    ma.dv.setUint32(dp + 4, n1, true);
  }
  return function $fused_f(w0, w1, w2) {
    if (sta.l !== 0) h.leaveFail("f", sta.l);
    if (stb.f !== 0) h.enterFail(stb, "f");
    if (stb.p !== undefined) h.enterNested(stb, "f");
    stb.f = 1;
    let ph = 0;
    let rf;
    try {
      stb.l = 2;
      const fa0 = _Fab0([w0, w1], "f(x)");
      const v1 = fa0[0];
      const v2 = fa0[1];
      stb.l = 0;
      ph = 1;
      const c = core(v1, v2);
      sta.l = 2;
      try {
        const rp = c >>> 0;
        mb.check(rp, 8, 4, "result of f");
        const op = w2 >>> 0;
        f.dcheck(ma, op, 8, 4, "result of f");
        _Mba3(rp, op, "result of f");
        sta.l = 0;
      }
      catch (x) { if (!f.isDest(x)) throw x; sta.l = 0; rf = x; }
    }
    catch (x) { sta.l = 0; if (ph === 0 && !f.isDest(x)) throw f.other(x, "f", "f", stb); throw h.fail(stb, "f", x); }
    stb.f = 0;
    if (stb.p !== undefined) h.exitNested(stb);
    if (rf !== undefined) throw f.other(rf, "result of f", "result of import f");
  }
}
