// 0: lower g  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, fn = env.callee, st = env.st;
  function _l3(p, W) {
    const q0 = p + 0;
    const q1 = q0 + 0;
    const q2 = q1 + 0;
    const v3 = m.dv.getUint32(q2, true);
    const q4 = q1 + 4;
    const p5 = m.dv.getUint32(q4, true);
    const n6 = m.dv.getUint32(q4 + 4, true);
    const s7 = h.liftUtf8(m, p5, n6, W + "[0]" + "[0]" + "[1]");
    const r8 = [v3, s7];
    const q9 = q0 + 12;
    const q10 = q9 + 0;
    const v11 = m.dv.getUint32(q10, true);
    const q12 = q9 + 4;
    const p13 = m.dv.getUint32(q12, true);
    const n14 = m.dv.getUint32(q12 + 4, true);
    const s15 = h.liftUtf8(m, p13, n14, W + "[0]" + "[1]" + "[1]");
    const r16 = [v11, s15];
    const r17 = [r8, r16];
    const q18 = p + 24;
    const q19 = q18 + 0;
    const q20 = q19 + 0;
    const v21 = m.dv.getUint32(q20, true);
    const q22 = q19 + 4;
    const p23 = m.dv.getUint32(q22, true);
    const n24 = m.dv.getUint32(q22 + 4, true);
    const s25 = h.liftUtf8(m, p23, n24, W + "[1]" + "[0]" + "[1]");
    const r26 = [v21, s25];
    const q27 = q18 + 12;
    const q28 = q27 + 0;
    const v29 = m.dv.getUint32(q28, true);
    const q30 = q27 + 4;
    const p31 = m.dv.getUint32(q30, true);
    const n32 = m.dv.getUint32(q30 + 4, true);
    const s33 = h.liftUtf8(m, p31, n32, W + "[1]" + "[1]" + "[1]");
    const r34 = [v29, s33];
    const r35 = [r26, r34];
    const r36 = [r17, r35];
    return r36;
  }
  function _l2(p, W) {
    const r0 = _l3(p + 0, W + "[0]");
    const r1 = _l3(p + 48, W + "[1]");
    const r2 = [r0, r1];
    return r2;
  }
  function _l1(p, W) {
    const r0 = _l2(p + 0, W + "[0]");
    const r1 = _l2(p + 96, W + "[1]");
    const r2 = [r0, r1];
    return r2;
  }
  function _g0(F, W) {
    const p0 = F[0] >>> 0;
    const n1 = F[1] >>> 0;
    h.liftList(m, p0, n1, 192, 4, W);
    const a2 = new Array(n1);
    const w4 = W + "[]";
    for (let i3 = 0; i3 < n1; i3++) {
      const r5 = _l1(p0 + i3 * 192, w4);
      a2[i3] = r5;
    }
    return a2;
  }
  function _s7(x, p, W) {
    if (!Array.isArray(x) || x.length !== 2) h.typeError('expected an array of length 2 for a tuple', x, W);
    const v0 = x[0];
    const q1 = p + 0;
    if (!Array.isArray(v0) || v0.length !== 2) h.typeError('expected an array of length 2 for a tuple', v0, W + "[0]");
    const v2 = v0[0];
    const q3 = q1 + 0;
    if (!Array.isArray(v2) || v2.length !== 2) h.typeError('expected an array of length 2 for a tuple', v2, W + "[0]" + "[0]");
    const v4 = v2[0];
    const q5 = q3 + 0;
    if (typeof v4 !== 'number' || (v4 >>> 0) !== v4) h.badValue('u32', v4, W + "[0]" + "[0]" + "[0]");
    m.dv.setUint32(q5, v4, true);
    const v6 = v2[1];
    const q7 = q3 + 4;
    if (typeof v6 !== 'string') h.badValue('string', v6, W + "[0]" + "[0]" + "[1]");
    const p8 = h.lowerUtf8(m, ra, v6, W + "[0]" + "[0]" + "[1]");
    const n9 = h.out.len;
    m.dv.setUint32(q7, p8, true);
    m.dv.setUint32(q7 + 4, n9, true);
    const v10 = v0[1];
    const q11 = q1 + 12;
    if (!Array.isArray(v10) || v10.length !== 2) h.typeError('expected an array of length 2 for a tuple', v10, W + "[0]" + "[1]");
    const v12 = v10[0];
    const q13 = q11 + 0;
    if (typeof v12 !== 'number' || (v12 >>> 0) !== v12) h.badValue('u32', v12, W + "[0]" + "[1]" + "[0]");
    m.dv.setUint32(q13, v12, true);
    const v14 = v10[1];
    const q15 = q11 + 4;
    if (typeof v14 !== 'string') h.badValue('string', v14, W + "[0]" + "[1]" + "[1]");
    const p16 = h.lowerUtf8(m, ra, v14, W + "[0]" + "[1]" + "[1]");
    const n17 = h.out.len;
    m.dv.setUint32(q15, p16, true);
    m.dv.setUint32(q15 + 4, n17, true);
    const v18 = x[1];
    const q19 = p + 24;
    if (!Array.isArray(v18) || v18.length !== 2) h.typeError('expected an array of length 2 for a tuple', v18, W + "[1]");
    const v20 = v18[0];
    const q21 = q19 + 0;
    if (!Array.isArray(v20) || v20.length !== 2) h.typeError('expected an array of length 2 for a tuple', v20, W + "[1]" + "[0]");
    const v22 = v20[0];
    const q23 = q21 + 0;
    if (typeof v22 !== 'number' || (v22 >>> 0) !== v22) h.badValue('u32', v22, W + "[1]" + "[0]" + "[0]");
    m.dv.setUint32(q23, v22, true);
    const v24 = v20[1];
    const q25 = q21 + 4;
    if (typeof v24 !== 'string') h.badValue('string', v24, W + "[1]" + "[0]" + "[1]");
    const p26 = h.lowerUtf8(m, ra, v24, W + "[1]" + "[0]" + "[1]");
    const n27 = h.out.len;
    m.dv.setUint32(q25, p26, true);
    m.dv.setUint32(q25 + 4, n27, true);
    const v28 = v18[1];
    const q29 = q19 + 12;
    if (!Array.isArray(v28) || v28.length !== 2) h.typeError('expected an array of length 2 for a tuple', v28, W + "[1]" + "[1]");
    const v30 = v28[0];
    const q31 = q29 + 0;
    if (typeof v30 !== 'number' || (v30 >>> 0) !== v30) h.badValue('u32', v30, W + "[1]" + "[1]" + "[0]");
    m.dv.setUint32(q31, v30, true);
    const v32 = v28[1];
    const q33 = q29 + 4;
    if (typeof v32 !== 'string') h.badValue('string', v32, W + "[1]" + "[1]" + "[1]");
    const p34 = h.lowerUtf8(m, ra, v32, W + "[1]" + "[1]" + "[1]");
    const n35 = h.out.len;
    m.dv.setUint32(q33, p34, true);
    m.dv.setUint32(q33 + 4, n35, true);
  }
  function _s6(x, p, W) {
    if (!Array.isArray(x) || x.length !== 2) h.typeError('expected an array of length 2 for a tuple', x, W);
    _s7(x[0], p + 0, W + "[0]");
    _s7(x[1], p + 48, W + "[1]");
  }
  function _s5(x, p, W) {
    if (!Array.isArray(x) || x.length !== 2) h.typeError('expected an array of length 2 for a tuple', x, W);
    _s6(x[0], p + 0, W + "[0]");
    _s6(x[1], p + 96, W + "[1]");
  }
  function _s4(x, p, W) {
    if (!Array.isArray(x)) h.typeError('expected an array for a list', x, W);
    const n1 = x.length;
    const p0 = h.alloc(m, ra, 0, 0, 4, n1 * 192, W, 'list');
    const w3 = W + "[]";
    for (let i2 = 0; i2 < n1; i2++) {
      try {
        _s5(x[i2], p0 + i2 * 192, w3);
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

// 1: lift f  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  function _s3(x, p, W) {
    if (!Array.isArray(x) || x.length !== 2) h.typeError('expected an array of length 2 for a tuple', x, W);
    const v0 = x[0];
    const q1 = p + 0;
    if (!Array.isArray(v0) || v0.length !== 2) h.typeError('expected an array of length 2 for a tuple', v0, W + "[0]");
    const v2 = v0[0];
    const q3 = q1 + 0;
    if (!Array.isArray(v2) || v2.length !== 2) h.typeError('expected an array of length 2 for a tuple', v2, W + "[0]" + "[0]");
    const v4 = v2[0];
    const q5 = q3 + 0;
    if (typeof v4 !== 'number' || (v4 >>> 0) !== v4) h.badValue('u32', v4, W + "[0]" + "[0]" + "[0]");
    m.dv.setUint32(q5, v4, true);
    const v6 = v2[1];
    const q7 = q3 + 4;
    if (typeof v6 !== 'string') h.badValue('string', v6, W + "[0]" + "[0]" + "[1]");
    const p8 = h.lowerUtf8(m, ra, v6, W + "[0]" + "[0]" + "[1]");
    const n9 = h.out.len;
    m.dv.setUint32(q7, p8, true);
    m.dv.setUint32(q7 + 4, n9, true);
    const v10 = v0[1];
    const q11 = q1 + 12;
    if (!Array.isArray(v10) || v10.length !== 2) h.typeError('expected an array of length 2 for a tuple', v10, W + "[0]" + "[1]");
    const v12 = v10[0];
    const q13 = q11 + 0;
    if (typeof v12 !== 'number' || (v12 >>> 0) !== v12) h.badValue('u32', v12, W + "[0]" + "[1]" + "[0]");
    m.dv.setUint32(q13, v12, true);
    const v14 = v10[1];
    const q15 = q11 + 4;
    if (typeof v14 !== 'string') h.badValue('string', v14, W + "[0]" + "[1]" + "[1]");
    const p16 = h.lowerUtf8(m, ra, v14, W + "[0]" + "[1]" + "[1]");
    const n17 = h.out.len;
    m.dv.setUint32(q15, p16, true);
    m.dv.setUint32(q15 + 4, n17, true);
    const v18 = x[1];
    const q19 = p + 24;
    if (!Array.isArray(v18) || v18.length !== 2) h.typeError('expected an array of length 2 for a tuple', v18, W + "[1]");
    const v20 = v18[0];
    const q21 = q19 + 0;
    if (!Array.isArray(v20) || v20.length !== 2) h.typeError('expected an array of length 2 for a tuple', v20, W + "[1]" + "[0]");
    const v22 = v20[0];
    const q23 = q21 + 0;
    if (typeof v22 !== 'number' || (v22 >>> 0) !== v22) h.badValue('u32', v22, W + "[1]" + "[0]" + "[0]");
    m.dv.setUint32(q23, v22, true);
    const v24 = v20[1];
    const q25 = q21 + 4;
    if (typeof v24 !== 'string') h.badValue('string', v24, W + "[1]" + "[0]" + "[1]");
    const p26 = h.lowerUtf8(m, ra, v24, W + "[1]" + "[0]" + "[1]");
    const n27 = h.out.len;
    m.dv.setUint32(q25, p26, true);
    m.dv.setUint32(q25 + 4, n27, true);
    const v28 = v18[1];
    const q29 = q19 + 12;
    if (!Array.isArray(v28) || v28.length !== 2) h.typeError('expected an array of length 2 for a tuple', v28, W + "[1]" + "[1]");
    const v30 = v28[0];
    const q31 = q29 + 0;
    if (typeof v30 !== 'number' || (v30 >>> 0) !== v30) h.badValue('u32', v30, W + "[1]" + "[1]" + "[0]");
    m.dv.setUint32(q31, v30, true);
    const v32 = v28[1];
    const q33 = q29 + 4;
    if (typeof v32 !== 'string') h.badValue('string', v32, W + "[1]" + "[1]" + "[1]");
    const p34 = h.lowerUtf8(m, ra, v32, W + "[1]" + "[1]" + "[1]");
    const n35 = h.out.len;
    m.dv.setUint32(q33, p34, true);
    m.dv.setUint32(q33 + 4, n35, true);
  }
  function _s2(x, p, W) {
    if (!Array.isArray(x) || x.length !== 2) h.typeError('expected an array of length 2 for a tuple', x, W);
    _s3(x[0], p + 0, W + "[0]");
    _s3(x[1], p + 48, W + "[1]");
  }
  function _s1(x, p, W) {
    if (!Array.isArray(x) || x.length !== 2) h.typeError('expected an array of length 2 for a tuple', x, W);
    _s2(x[0], p + 0, W + "[0]");
    _s2(x[1], p + 96, W + "[1]");
  }
  function _f0(x, W) {
    if (!Array.isArray(x)) h.typeError('expected an array for a list', x, W);
    const n1 = x.length;
    const p0 = h.alloc(m, ra, 0, 0, 4, n1 * 192, W, 'list');
    const w3 = W + "[]";
    for (let i2 = 0; i2 < n1; i2++) {
      try {
        _s1(x[i2], p0 + i2 * 192, w3);
      }
      catch (x) { throw h.atIndex(x, (W).length, i2); }
    }
    return [p0, n1];
  }
  function _l7(p, W) {
    const q0 = p + 0;
    const q1 = q0 + 0;
    const q2 = q1 + 0;
    const v3 = m.dv.getUint32(q2, true);
    const q4 = q1 + 4;
    const p5 = m.dv.getUint32(q4, true);
    const n6 = m.dv.getUint32(q4 + 4, true);
    const s7 = h.liftUtf8(m, p5, n6, W + "[0]" + "[0]" + "[1]");
    const r8 = [v3, s7];
    const q9 = q0 + 12;
    const q10 = q9 + 0;
    const v11 = m.dv.getUint32(q10, true);
    const q12 = q9 + 4;
    const p13 = m.dv.getUint32(q12, true);
    const n14 = m.dv.getUint32(q12 + 4, true);
    const s15 = h.liftUtf8(m, p13, n14, W + "[0]" + "[1]" + "[1]");
    const r16 = [v11, s15];
    const r17 = [r8, r16];
    const q18 = p + 24;
    const q19 = q18 + 0;
    const q20 = q19 + 0;
    const v21 = m.dv.getUint32(q20, true);
    const q22 = q19 + 4;
    const p23 = m.dv.getUint32(q22, true);
    const n24 = m.dv.getUint32(q22 + 4, true);
    const s25 = h.liftUtf8(m, p23, n24, W + "[1]" + "[0]" + "[1]");
    const r26 = [v21, s25];
    const q27 = q18 + 12;
    const q28 = q27 + 0;
    const v29 = m.dv.getUint32(q28, true);
    const q30 = q27 + 4;
    const p31 = m.dv.getUint32(q30, true);
    const n32 = m.dv.getUint32(q30 + 4, true);
    const s33 = h.liftUtf8(m, p31, n32, W + "[1]" + "[1]" + "[1]");
    const r34 = [v29, s33];
    const r35 = [r26, r34];
    const r36 = [r17, r35];
    return r36;
  }
  function _l6(p, W) {
    const r0 = _l7(p + 0, W + "[0]");
    const r1 = _l7(p + 48, W + "[1]");
    const r2 = [r0, r1];
    return r2;
  }
  function _l5(p, W) {
    const r0 = _l6(p + 0, W + "[0]");
    const r1 = _l6(p + 96, W + "[1]");
    const r2 = [r0, r1];
    return r2;
  }
  function _l4(p, W) {
    const p0 = m.dv.getUint32(p, true);
    const n1 = m.dv.getUint32(p + 4, true);
    const p2 = p0 >>> 0;
    const n3 = n1 >>> 0;
    h.liftList(m, p2, n3, 192, 4, W);
    const a4 = new Array(n3);
    const w6 = W + "[]";
    for (let i5 = 0; i5 < n3; i5++) {
      const r7 = _l5(p2 + i5 * 192, w6);
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
