// 0: lower g  k = [["ok","err"],["ok","err"],["ok","err"]]
function (h, k, env) {
  const m = env.m, ra = env.ra, fn = env.callee, st = env.st;
  function _l3(p, W) {
    const d0 = m.u8[p];
    let r1;
    switch (d0) {
      case 0: {
        const q2 = p + 4;
        const q3 = q2 + 0;
        const v4 = m.dv.getUint32(q3, true);
        const q5 = q2 + 4;
        const p6 = m.dv.getUint32(q5, true);
        const n7 = m.dv.getUint32(q5 + 4, true);
        const s8 = h.liftUtf8(m, p6, n7, W + ".val" + "[1]");
        const r9 = [v4, s8];
        r1 = { tag: "ok", val: r9 };
        break;
      }
      case 1: {
        const q10 = p + 4;
        const q11 = q10 + 0;
        const v12 = m.dv.getUint32(q11, true);
        const q13 = q10 + 4;
        const p14 = m.dv.getUint32(q13, true);
        const n15 = m.dv.getUint32(q13 + 4, true);
        const s16 = h.liftUtf8(m, p14, n15, W + ".val" + "[1]");
        const r17 = [v12, s16];
        r1 = { tag: "err", val: r17 };
        break;
      }
      default: h.badDisc(d0, 2, W);
    }
    return r1;
  }
  function _l2(p, W) {
    const d0 = m.u8[p];
    let r1;
    switch (d0) {
      case 0: {
        const r2 = _l3(p + 4, W + ".val");
        r1 = { tag: "ok", val: r2 };
        break;
      }
      case 1: {
        const r3 = _l3(p + 4, W + ".val");
        r1 = { tag: "err", val: r3 };
        break;
      }
      default: h.badDisc(d0, 2, W);
    }
    return r1;
  }
  function _l1(p, W) {
    const d0 = m.u8[p];
    let r1;
    switch (d0) {
      case 0: {
        const r2 = _l2(p + 4, W + ".val");
        r1 = { tag: "ok", val: r2 };
        break;
      }
      case 1: {
        const r3 = _l2(p + 4, W + ".val");
        r1 = { tag: "err", val: r3 };
        break;
      }
      default: h.badDisc(d0, 2, W);
    }
    return r1;
  }
  function _g0(F, W) {
    const p0 = F[0] >>> 0;
    const n1 = F[1] >>> 0;
    h.liftList(m, p0, n1, 24, 4, W);
    const a2 = new Array(n1);
    const w4 = W + "[]";
    for (let i3 = 0; i3 < n1; i3++) {
      const r5 = _l1(p0 + i3 * 24, w4);
      a2[i3] = r5;
    }
    return a2;
  }
  function _s7(x, p, W) {
    if (x === null || typeof x !== 'object') h.typeError('expected an object { tag, val } for a result', x, W);
    switch (x.tag) {
      case "ok": {
        m.u8[p] = 0;
        const v0 = x.val;
        const q1 = p + 4;
        if (!Array.isArray(v0) || v0.length !== 2) h.typeError('expected an array of length 2 for a tuple', v0, W + ".val");
        const v2 = v0[0];
        const q3 = q1 + 0;
        if (typeof v2 !== 'number' || (v2 >>> 0) !== v2) h.badValue('u32', v2, W + ".val" + "[0]");
        m.dv.setUint32(q3, v2, true);
        const v4 = v0[1];
        const q5 = q1 + 4;
        if (typeof v4 !== 'string') h.badValue('string', v4, W + ".val" + "[1]");
        const p6 = h.lowerUtf8(m, ra, v4, W + ".val" + "[1]");
        const n7 = h.out.len;
        m.dv.setUint32(q5, p6, true);
        m.dv.setUint32(q5 + 4, n7, true);
        break;
      }
      case "err": {
        m.u8[p] = 1;
        const v8 = x.val;
        const q9 = p + 4;
        if (!Array.isArray(v8) || v8.length !== 2) h.typeError('expected an array of length 2 for a tuple', v8, W + ".val");
        const v10 = v8[0];
        const q11 = q9 + 0;
        if (typeof v10 !== 'number' || (v10 >>> 0) !== v10) h.badValue('u32', v10, W + ".val" + "[0]");
        m.dv.setUint32(q11, v10, true);
        const v12 = v8[1];
        const q13 = q9 + 4;
        if (typeof v12 !== 'string') h.badValue('string', v12, W + ".val" + "[1]");
        const p14 = h.lowerUtf8(m, ra, v12, W + ".val" + "[1]");
        const n15 = h.out.len;
        m.dv.setUint32(q13, p14, true);
        m.dv.setUint32(q13 + 4, n15, true);
        break;
      }
      default: h.badTag(x.tag, k[0], W);
    }
  }
  function _s6(x, p, W) {
    if (x === null || typeof x !== 'object') h.typeError('expected an object { tag, val } for a result', x, W);
    switch (x.tag) {
      case "ok": {
        m.u8[p] = 0;
        _s7(x.val, p + 4, W + ".val");
        break;
      }
      case "err": {
        m.u8[p] = 1;
        _s7(x.val, p + 4, W + ".val");
        break;
      }
      default: h.badTag(x.tag, k[1], W);
    }
  }
  function _s5(x, p, W) {
    if (x === null || typeof x !== 'object') h.typeError('expected an object { tag, val } for a result', x, W);
    switch (x.tag) {
      case "ok": {
        m.u8[p] = 0;
        _s6(x.val, p + 4, W + ".val");
        break;
      }
      case "err": {
        m.u8[p] = 1;
        _s6(x.val, p + 4, W + ".val");
        break;
      }
      default: h.badTag(x.tag, k[2], W);
    }
  }
  function _s4(x, p, W) {
    if (!Array.isArray(x)) h.typeError('expected an array for a list', x, W);
    const n1 = x.length;
    const p0 = h.alloc(m, ra, 0, 0, 4, n1 * 24, W, 'list');
    const w3 = W + "[]";
    for (let i2 = 0; i2 < n1; i2++) {
      try {
        _s5(x[i2], p0 + i2 * 24, w3);
      }
      catch (x) { throw h.atIndex(x, (W).length, i2); }
    }
    m.dv.setUint32(p, p0, true);
    m.dv.setUint32(p + 4, n1, true);
  }
  return function $g(w0, w1, w2) {
    if (st.l !== 0) h.leaveFail("g", st.l);
    m.n = 0;
    const r0 = _g0([w0, w1], "g(x)");
    const r = h.syncResult(fn(r0), "g");
    const op = w2 >>> 0;
    m.check(op, 8, 4, "result of import g");
    try {
      st.l = 2;
      _s4(r, op, "result of import g");
      st.l = 0;
    }
    catch (x) { st.l = 0; throw h.importFail("g", x); }
    return;
  }
}

// 1: lift f  k = [["ok","err"],["ok","err"],["ok","err"]]
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  function _s3(x, p, W) {
    if (x === null || typeof x !== 'object') h.typeError('expected an object { tag, val } for a result', x, W);
    switch (x.tag) {
      case "ok": {
        m.u8[p] = 0;
        const v0 = x.val;
        const q1 = p + 4;
        if (!Array.isArray(v0) || v0.length !== 2) h.typeError('expected an array of length 2 for a tuple', v0, W + ".val");
        const v2 = v0[0];
        const q3 = q1 + 0;
        if (typeof v2 !== 'number' || (v2 >>> 0) !== v2) h.badValue('u32', v2, W + ".val" + "[0]");
        m.dv.setUint32(q3, v2, true);
        const v4 = v0[1];
        const q5 = q1 + 4;
        if (typeof v4 !== 'string') h.badValue('string', v4, W + ".val" + "[1]");
        const p6 = h.lowerUtf8(m, ra, v4, W + ".val" + "[1]");
        const n7 = h.out.len;
        m.dv.setUint32(q5, p6, true);
        m.dv.setUint32(q5 + 4, n7, true);
        break;
      }
      case "err": {
        m.u8[p] = 1;
        const v8 = x.val;
        const q9 = p + 4;
        if (!Array.isArray(v8) || v8.length !== 2) h.typeError('expected an array of length 2 for a tuple', v8, W + ".val");
        const v10 = v8[0];
        const q11 = q9 + 0;
        if (typeof v10 !== 'number' || (v10 >>> 0) !== v10) h.badValue('u32', v10, W + ".val" + "[0]");
        m.dv.setUint32(q11, v10, true);
        const v12 = v8[1];
        const q13 = q9 + 4;
        if (typeof v12 !== 'string') h.badValue('string', v12, W + ".val" + "[1]");
        const p14 = h.lowerUtf8(m, ra, v12, W + ".val" + "[1]");
        const n15 = h.out.len;
        m.dv.setUint32(q13, p14, true);
        m.dv.setUint32(q13 + 4, n15, true);
        break;
      }
      default: h.badTag(x.tag, k[0], W);
    }
  }
  function _s2(x, p, W) {
    if (x === null || typeof x !== 'object') h.typeError('expected an object { tag, val } for a result', x, W);
    switch (x.tag) {
      case "ok": {
        m.u8[p] = 0;
        _s3(x.val, p + 4, W + ".val");
        break;
      }
      case "err": {
        m.u8[p] = 1;
        _s3(x.val, p + 4, W + ".val");
        break;
      }
      default: h.badTag(x.tag, k[1], W);
    }
  }
  function _s1(x, p, W) {
    if (x === null || typeof x !== 'object') h.typeError('expected an object { tag, val } for a result', x, W);
    switch (x.tag) {
      case "ok": {
        m.u8[p] = 0;
        _s2(x.val, p + 4, W + ".val");
        break;
      }
      case "err": {
        m.u8[p] = 1;
        _s2(x.val, p + 4, W + ".val");
        break;
      }
      default: h.badTag(x.tag, k[2], W);
    }
  }
  function _f0(x, W) {
    if (!Array.isArray(x)) h.typeError('expected an array for a list', x, W);
    const n1 = x.length;
    const p0 = h.alloc(m, ra, 0, 0, 4, n1 * 24, W, 'list');
    const w3 = W + "[]";
    for (let i2 = 0; i2 < n1; i2++) {
      try {
        _s1(x[i2], p0 + i2 * 24, w3);
      }
      catch (x) { throw h.atIndex(x, (W).length, i2); }
    }
    return [p0, n1];
  }
  function _l7(p, W) {
    const d0 = m.u8[p];
    let r1;
    switch (d0) {
      case 0: {
        const q2 = p + 4;
        const q3 = q2 + 0;
        const v4 = m.dv.getUint32(q3, true);
        const q5 = q2 + 4;
        const p6 = m.dv.getUint32(q5, true);
        const n7 = m.dv.getUint32(q5 + 4, true);
        const s8 = h.liftUtf8(m, p6, n7, W + ".val" + "[1]");
        const r9 = [v4, s8];
        r1 = { tag: "ok", val: r9 };
        break;
      }
      case 1: {
        const q10 = p + 4;
        const q11 = q10 + 0;
        const v12 = m.dv.getUint32(q11, true);
        const q13 = q10 + 4;
        const p14 = m.dv.getUint32(q13, true);
        const n15 = m.dv.getUint32(q13 + 4, true);
        const s16 = h.liftUtf8(m, p14, n15, W + ".val" + "[1]");
        const r17 = [v12, s16];
        r1 = { tag: "err", val: r17 };
        break;
      }
      default: h.badDisc(d0, 2, W);
    }
    return r1;
  }
  function _l6(p, W) {
    const d0 = m.u8[p];
    let r1;
    switch (d0) {
      case 0: {
        const r2 = _l7(p + 4, W + ".val");
        r1 = { tag: "ok", val: r2 };
        break;
      }
      case 1: {
        const r3 = _l7(p + 4, W + ".val");
        r1 = { tag: "err", val: r3 };
        break;
      }
      default: h.badDisc(d0, 2, W);
    }
    return r1;
  }
  function _l5(p, W) {
    const d0 = m.u8[p];
    let r1;
    switch (d0) {
      case 0: {
        const r2 = _l6(p + 4, W + ".val");
        r1 = { tag: "ok", val: r2 };
        break;
      }
      case 1: {
        const r3 = _l6(p + 4, W + ".val");
        r1 = { tag: "err", val: r3 };
        break;
      }
      default: h.badDisc(d0, 2, W);
    }
    return r1;
  }
  function _l4(p, W) {
    const p0 = m.dv.getUint32(p, true);
    const n1 = m.dv.getUint32(p + 4, true);
    const p2 = p0 >>> 0;
    const n3 = n1 >>> 0;
    h.liftList(m, p2, n3, 24, 4, W);
    const a4 = new Array(n3);
    const w6 = W + "[]";
    for (let i5 = 0; i5 < n3; i5++) {
      const r7 = _l5(p2 + i5 * 24, w6);
      a4[i5] = r7;
    }
    return a4;
  }
  return function $f(a0) {
    if (st.f !== 0) h.enterFail(st, "f");
    if (st.p !== undefined) h.enterNested(st, "f");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      const fa0 = _f0(a0, "f(x)");
      const v1 = fa0[0];
      const v2 = fa0[1];
      st.l = 0;
      const c = core(v1, v2);
      const rp = c >>> 0;
      m.check(rp, 8, 4, "result of f");
      const r3 = _l4(rp, "result of f");
      r = r3;
    }
    catch (e) { throw h.fail(st, "f", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}
