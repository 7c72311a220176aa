// 0: lower log  k = []
function (h, k, env) {
  const m = env.m, fn = env.callee, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $log(w0, w1, w2) {
    if (st.l !== 0) h.leaveFail("log", st.l);
    m.n = 0;
    const p0 = P64(w0);
    const n1 = P64(w1);
    const s2 = h.liftUtf8(m, p0, n1, "log(s)");
    const r = h.syncResult(fn(s2), "log");
    const op = P64(w2);
    m.check(op, 16, 8, "result of import log");
    try {
      st.l = 2;
      if (typeof r !== 'string') h.badValue('string', r, "result of import log");
      const p3 = h.lowerUtf8(m, ra, r, "result of import log");
      const n4 = h.out.len;
      m.dv.setBigUint64(op, BigInt(p3), true);
      m.dv.setBigUint64(op + 8, BigInt(n4), true);
      st.l = 0;
    }
    catch (x) { st.l = 0; throw h.importFail("log", x); }
    return;
  }
}

// 1: lift echo  k = []
function (h, k, env) {
  const m = env.m, core = env.core, pr = env.pr, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $echo(a0) {
    if (st.f !== 0) h.enterFail(st, "echo");
    if (st.p !== undefined) h.enterNested(st, "echo");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      if (typeof a0 !== 'string') h.badValue('string', a0, "echo(s)");
      const p0 = h.lowerUtf8(m, ra, a0, "echo(s)");
      const n1 = h.out.len;
      st.l = 0;
      const c = core(BigInt(p0), BigInt(n1));
      const rp = P64(c);
      m.check(rp, 16, 8, "result of echo");
      const p2 = P64(m.dv.getBigUint64(rp, true));
      const n3 = P64(m.dv.getBigUint64(rp + 8, true));
      const s4 = h.liftUtf8(m, p2, n3, "result of echo");
      r = s4;
    }
    catch (e) { throw h.fail(st, "echo", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 2: lift echo-compact  k = []
function (h, k, env) {
  const m = env.m, core = env.core, pr = env.pr, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $echo_compact(a0) {
    if (st.f !== 0) h.enterFail(st, "echo-compact");
    if (st.p !== undefined) h.enterNested(st, "echo-compact");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      if (typeof a0 !== 'string') h.badValue('string', a0, "echo-compact(s)");
      const p0 = h.lowerLatin1Utf16(m, ra, a0, "echo-compact(s)");
      const n1 = h.out.len;
      st.l = 0;
      const c = core(BigInt(p0), T64(n1));
      const rp = P64(c);
      m.check(rp, 16, 8, "result of echo-compact");
      const p2 = P64(m.dv.getBigUint64(rp, true));
      const n3 = L64(m.dv.getBigUint64(rp + 8, true));
      const s4 = h.liftLatin1Utf16(m, p2, n3, "result of echo-compact");
      r = s4;
    }
    catch (e) { throw h.fail(st, "echo-compact", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 3: lift echo-list  k = []
function (h, k, env) {
  const m = env.m, core = env.core, pr = env.pr, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $echo_list(a0) {
    if (st.f !== 0) h.enterFail(st, "echo-list");
    if (st.p !== undefined) h.enterNested(st, "echo-list");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      const t2 = a0 instanceof Uint32Array;
      const n1 = t2 ? a0.length : h.typedLength(5, a0, "echo-list(x)");
      const p0 = h.alloc(m, ra, 0, 0, 4, n1 * 4, "echo-list(x)", 'list');
      if (t2 && n1 <= 16) { const lv = m.view(5), lq = p0 / 4; for (let li = 0; li < n1; li++) lv[lq + li] = a0[li]; }
      else if (n1 !== 0) { t2 ? m.view(5).set(a0, p0 / 4) : h.storeTyped(5, m.view(5), p0 / 4, a0, n1, "echo-list(x)"); }
      st.l = 0;
      const c = core(BigInt(p0), BigInt(n1));
      const rp = P64(c);
      m.check(rp, 16, 8, "result of echo-list");
      const p3 = P64(m.dv.getBigUint64(rp, true));
      const n4 = P64(m.dv.getBigUint64(rp + 8, true));
      h.liftList(m, p3, n4, 4, 4, "result of echo-list");
      const l5 = m.view(5).slice(p3 / 4, p3 / 4 + n4);
      r = l5;
    }
    catch (e) { throw h.fail(st, "echo-list", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 4: lift echo-strs  k = []
function (h, k, env) {
  const m = env.m, core = env.core, pr = env.pr, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $echo_strs(a0) {
    if (st.f !== 0) h.enterFail(st, "echo-strs");
    if (st.p !== undefined) h.enterNested(st, "echo-strs");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      if (!Array.isArray(a0)) h.typeError('expected an array for a list', a0, "echo-strs(x)");
      const n1 = a0.length;
      const p0 = h.alloc(m, ra, 0, 0, 8, n1 * 16, "echo-strs(x)", 'list');
      for (let i2 = 0; i2 < n1; i2++) {
        try {
          const v3 = a0[i2];
          const q4 = p0 + i2 * 16;
          if (typeof v3 !== 'string') h.badValue('string', v3, "echo-strs(x)[]");
          const p5 = h.lowerUtf8(m, ra, v3, "echo-strs(x)[]");
          const n6 = h.out.len;
          m.dv.setBigUint64(q4, BigInt(p5), true);
          m.dv.setBigUint64(q4 + 8, BigInt(n6), true);
        }
        catch (x) { throw h.atIndex(x, ("echo-strs(x)").length, i2); }
      }
      st.l = 0;
      const c = core(BigInt(p0), BigInt(n1));
      const rp = P64(c);
      m.check(rp, 16, 8, "result of echo-strs");
      const p7 = P64(m.dv.getBigUint64(rp, true));
      const n8 = P64(m.dv.getBigUint64(rp + 8, true));
      h.liftList(m, p7, n8, 16, 8, "result of echo-strs");
      const a9 = new Array(n8);
      for (let i10 = 0; i10 < n8; i10++) {
        const q11 = p7 + i10 * 16;
        const p12 = P64(m.dv.getBigUint64(q11, true));
        const n13 = P64(m.dv.getBigUint64(q11 + 8, true));
        const s14 = h.liftUtf8(m, p12, n13, "result of echo-strs[]");
        a9[i10] = s14;
      }
      r = a9;
    }
    catch (e) { throw h.fail(st, "echo-strs", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 5: lift echo-opt  k = []
function (h, k, env) {
  const m = env.m, core = env.core, pr = env.pr, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $echo_opt(a0) {
    if (st.f !== 0) h.enterFail(st, "echo-opt");
    if (st.p !== undefined) h.enterNested(st, "echo-opt");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      let d0 = 0, f1 = 0n, f2 = 0n;
      if (a0 === undefined || a0 === null) {
        d0 = 0;
      }
      else {
        d0 = 1;
        if (typeof a0 !== 'string') h.badValue('string', a0, "echo-opt(x)");
        const p3 = h.lowerUtf8(m, ra, a0, "echo-opt(x)");
        const n4 = h.out.len;
        f1 = BigInt(p3);
        f2 = BigInt(n4);
      }
      st.l = 0;
      const c = core(d0, f1, f2);
      const rp = P64(c);
      m.check(rp, 24, 8, "result of echo-opt");
      const d5 = m.u8[rp];
      let r6;
      switch (d5) {
        case 0: {
          r6 = undefined;
          break;
        }
        case 1: {
          const q7 = rp + 8;
          const p8 = P64(m.dv.getBigUint64(q7, true));
          const n9 = P64(m.dv.getBigUint64(q7 + 8, true));
          const s10 = h.liftUtf8(m, p8, n9, "result of echo-opt");
          r6 = s10;
          break;
        }
        default: h.badDisc(d5, 2, "result of echo-opt");
      }
      r = r6;
    }
    catch (e) { throw h.fail(st, "echo-opt", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 6: lift relay  k = []
function (h, k, env) {
  const m = env.m, core = env.core, pr = env.pr, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $relay(a0) {
    if (st.f !== 0) h.enterFail(st, "relay");
    if (st.p !== undefined) h.enterNested(st, "relay");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      if (typeof a0 !== 'string') h.badValue('string', a0, "relay(s)");
      const p0 = h.lowerUtf8(m, ra, a0, "relay(s)");
      const n1 = h.out.len;
      st.l = 0;
      const c = core(BigInt(p0), BigInt(n1));
      const rp = P64(c);
      m.check(rp, 16, 8, "result of relay");
      const p2 = P64(m.dv.getBigUint64(rp, true));
      const n3 = P64(m.dv.getBigUint64(rp + 8, true));
      const s4 = h.liftUtf8(m, p2, n3, "result of relay");
      r = s4;
    }
    catch (e) { throw h.fail(st, "relay", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 7: lift liar  k = []
function (h, k, env) {
  const m = env.m, core = env.core, pr = env.pr, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $liar() {
    if (st.f !== 0) h.enterFail(st, "liar");
    if (st.p !== undefined) h.enterNested(st, "liar");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      const c = core();
      const rp = P64(c);
      m.check(rp, 16, 8, "result of liar");
      const p0 = P64(m.dv.getBigUint64(rp, true));
      const n1 = P64(m.dv.getBigUint64(rp + 8, true));
      const s2 = h.liftUtf8(m, p0, n1, "result of liar");
      r = s2;
    }
    catch (e) { throw h.fail(st, "liar", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 8: lower echo  k = []
function (h, k, env) {
  const m = env.m, fn = env.callee, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $echo(w0, w1, w2) {
    if (st.l !== 0) h.leaveFail("echo", st.l);
    m.n = 0;
    const p0 = P64(w0);
    const n1 = P64(w1);
    const s2 = h.liftUtf8(m, p0, n1, "echo(s)");
    const r = h.syncResult(fn(s2), "echo");
    const op = P64(w2);
    m.check(op, 16, 8, "result of import echo");
    try {
      st.l = 2;
      if (typeof r !== 'string') h.badValue('string', r, "result of import echo");
      const p3 = h.lowerUtf8(m, ra, r, "result of import echo");
      const n4 = h.out.len;
      m.dv.setBigUint64(op, BigInt(p3), true);
      m.dv.setBigUint64(op + 8, BigInt(n4), true);
      st.l = 0;
    }
    catch (x) { st.l = 0; throw h.importFail("echo", x); }
    return;
  }
}

// 9: lower echo-strs  k = []
function (h, k, env) {
  const m = env.m, fn = env.callee, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $echo_strs(w0, w1, w2) {
    if (st.l !== 0) h.leaveFail("echo-strs", st.l);
    m.n = 0;
    const p0 = P64(w0);
    const n1 = P64(w1);
    h.liftList(m, p0, n1, 16, 8, "echo-strs(x)");
    const a2 = new Array(n1);
    for (let i3 = 0; i3 < n1; i3++) {
      const q4 = p0 + i3 * 16;
      const p5 = P64(m.dv.getBigUint64(q4, true));
      const n6 = P64(m.dv.getBigUint64(q4 + 8, true));
      const s7 = h.liftUtf8(m, p5, n6, "echo-strs(x)[]");
      a2[i3] = s7;
    }
    const r = h.syncResult(fn(a2), "echo-strs");
    const op = P64(w2);
    m.check(op, 16, 8, "result of import echo-strs");
    try {
      st.l = 2;
      if (!Array.isArray(r)) h.typeError('expected an array for a list', r, "result of import echo-strs");
      const n9 = r.length;
      const p8 = h.alloc(m, ra, 0, 0, 8, n9 * 16, "result of import echo-strs", 'list');
      for (let i10 = 0; i10 < n9; i10++) {
        try {
          const v11 = r[i10];
          const q12 = p8 + i10 * 16;
          if (typeof v11 !== 'string') h.badValue('string', v11, "result of import echo-strs[]");
          const p13 = h.lowerUtf8(m, ra, v11, "result of import echo-strs[]");
          const n14 = h.out.len;
          m.dv.setBigUint64(q12, BigInt(p13), true);
          m.dv.setBigUint64(q12 + 8, BigInt(n14), true);
        }
        catch (x) { throw h.atIndex(x, ("result of import echo-strs").length, i10); }
      }
      m.dv.setBigUint64(op, BigInt(p8), true);
      m.dv.setBigUint64(op + 8, BigInt(n9), true);
      st.l = 0;
    }
    catch (x) { st.l = 0; throw h.importFail("echo-strs", x); }
    return;
  }
}

// 10: lower echo-opt  k = []
function (h, k, env) {
  const m = env.m, fn = env.callee, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $echo_opt(w0, w1, w2, w3) {
    if (st.l !== 0) h.leaveFail("echo-opt", st.l);
    m.n = 0;
    let r0;
    switch (w0) {
      case 0: {
        r0 = undefined;
        break;
      }
      case 1: {
        const p1 = P64(w1);
        const n2 = P64(w2);
        const s3 = h.liftUtf8(m, p1, n2, "echo-opt(x)");
        r0 = s3;
        break;
      }
      default: h.badDisc(w0, 2, "echo-opt(x)");
    }
    const r = h.syncResult(fn(r0), "echo-opt");
    const op = P64(w3);
    m.check(op, 24, 8, "result of import echo-opt");
    try {
      st.l = 2;
      if (r === undefined || r === null) {
        m.u8[op] = 0;
      }
      else {
        m.u8[op] = 1;
        const q4 = op + 8;
        if (typeof r !== 'string') h.badValue('string', r, "result of import echo-opt");
        const p5 = h.lowerUtf8(m, ra, r, "result of import echo-opt");
        const n6 = h.out.len;
        m.dv.setBigUint64(q4, BigInt(p5), true);
        m.dv.setBigUint64(q4 + 8, BigInt(n6), true);
      }
      st.l = 0;
    }
    catch (x) { st.l = 0; throw h.importFail("echo-opt", x); }
    return;
  }
}

// 11: lift run  k = []
function (h, k, env) {
  const m = env.m, core = env.core, pr = env.pr, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $run(a0) {
    if (st.f !== 0) h.enterFail(st, "run");
    if (st.p !== undefined) h.enterNested(st, "run");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      if (typeof a0 !== 'string') h.badValue('string', a0, "run(s)");
      const p0 = h.lowerUtf8(m, ra, a0, "run(s)");
      const n1 = h.out.len;
      st.l = 0;
      const c = core(BigInt(p0), BigInt(n1));
      const rp = P64(c);
      m.check(rp, 16, 8, "result of run");
      const p2 = P64(m.dv.getBigUint64(rp, true));
      const n3 = P64(m.dv.getBigUint64(rp + 8, true));
      const s4 = h.liftUtf8(m, p2, n3, "result of run");
      r = s4;
    }
    catch (e) { throw h.fail(st, "run", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 12: lift run-strs  k = []
function (h, k, env) {
  const m = env.m, core = env.core, pr = env.pr, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $run_strs(a0) {
    if (st.f !== 0) h.enterFail(st, "run-strs");
    if (st.p !== undefined) h.enterNested(st, "run-strs");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      if (!Array.isArray(a0)) h.typeError('expected an array for a list', a0, "run-strs(x)");
      const n1 = a0.length;
      const p0 = h.alloc(m, ra, 0, 0, 8, n1 * 16, "run-strs(x)", 'list');
      for (let i2 = 0; i2 < n1; i2++) {
        try {
          const v3 = a0[i2];
          const q4 = p0 + i2 * 16;
          if (typeof v3 !== 'string') h.badValue('string', v3, "run-strs(x)[]");
          const p5 = h.lowerUtf8(m, ra, v3, "run-strs(x)[]");
          const n6 = h.out.len;
          m.dv.setBigUint64(q4, BigInt(p5), true);
          m.dv.setBigUint64(q4 + 8, BigInt(n6), true);
        }
        catch (x) { throw h.atIndex(x, ("run-strs(x)").length, i2); }
      }
      st.l = 0;
      const c = core(BigInt(p0), BigInt(n1));
      const rp = P64(c);
      m.check(rp, 16, 8, "result of run-strs");
      const p7 = P64(m.dv.getBigUint64(rp, true));
      const n8 = P64(m.dv.getBigUint64(rp + 8, true));
      h.liftList(m, p7, n8, 16, 8, "result of run-strs");
      const a9 = new Array(n8);
      for (let i10 = 0; i10 < n8; i10++) {
        const q11 = p7 + i10 * 16;
        const p12 = P64(m.dv.getBigUint64(q11, true));
        const n13 = P64(m.dv.getBigUint64(q11 + 8, true));
        const s14 = h.liftUtf8(m, p12, n13, "result of run-strs[]");
        a9[i10] = s14;
      }
      r = a9;
    }
    catch (e) { throw h.fail(st, "run-strs", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 13: lift run-opt  k = []
function (h, k, env) {
  const m = env.m, core = env.core, pr = env.pr, st = env.st;
  const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);
  const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
  const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
  const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
  const ra = R64(env.ra);
  return function $run_opt(a0) {
    if (st.f !== 0) h.enterFail(st, "run-opt");
    if (st.p !== undefined) h.enterNested(st, "run-opt");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      let d0 = 0, f1 = 0n, f2 = 0n;
      if (a0 === undefined || a0 === null) {
        d0 = 0;
      }
      else {
        d0 = 1;
        if (typeof a0 !== 'string') h.badValue('string', a0, "run-opt(x)");
        const p3 = h.lowerUtf8(m, ra, a0, "run-opt(x)");
        const n4 = h.out.len;
        f1 = BigInt(p3);
        f2 = BigInt(n4);
      }
      st.l = 0;
      const c = core(d0, f1, f2);
      const rp = P64(c);
      m.check(rp, 24, 8, "result of run-opt");
      const d5 = m.u8[rp];
      let r6;
      switch (d5) {
        case 0: {
          r6 = undefined;
          break;
        }
        case 1: {
          const q7 = rp + 8;
          const p8 = P64(m.dv.getBigUint64(q7, true));
          const n9 = P64(m.dv.getBigUint64(q7 + 8, true));
          const s10 = h.liftUtf8(m, p8, n9, "result of run-opt");
          r6 = s10;
          break;
        }
        default: h.badDisc(d5, 2, "result of run-opt");
      }
      r = r6;
    }
    catch (e) { throw h.fail(st, "run-opt", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 14: lower echo  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, fn = env.callee, st = env.st;
  return function $echo(w0, w1, w2) {
    if (st.l !== 0) h.leaveFail("echo", st.l);
    m.n = 0;
    const s0 = h.liftUtf8(m, w0, w1, "echo(s)");
    const r = h.syncResult(fn(s0), "echo");
    const op = w2 >>> 0;
    m.check(op, 8, 4, "result of import echo");
    try {
      st.l = 2;
      if (typeof r !== 'string') h.badValue('string', r, "result of import echo");
      const p1 = h.lowerUtf8(m, ra, r, "result of import echo");
      const n2 = h.out.len;
      m.dv.setUint32(op, p1, true);
      m.dv.setUint32(op + 4, n2, true);
      st.l = 0;
    }
    catch (x) { st.l = 0; throw h.importFail("echo", x); }
    return;
  }
}

// 15: lift run  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $run(a0) {
    if (st.f !== 0) h.enterFail(st, "run");
    if (st.p !== undefined) h.enterNested(st, "run");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      if (typeof a0 !== 'string') h.badValue('string', a0, "run(s)");
      const p0 = h.lowerUtf8(m, ra, a0, "run(s)");
      const n1 = h.out.len;
      st.l = 0;
      const c = core(p0, n1);
      const rp = c >>> 0;
      m.check(rp, 8, 4, "result of run");
      const p2 = m.dv.getUint32(rp, true);
      const n3 = m.dv.getUint32(rp + 4, true);
      const s4 = h.liftUtf8(m, p2, n3, "result of run");
      r = s4;
    }
    catch (e) { throw h.fail(st, "run", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}
