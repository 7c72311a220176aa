// 0: lift kumiki:bench/api#noop  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $kumiki_bench_api_noop() {
    if (st.f !== 0) h.enterFail(st, "kumiki:bench/api#noop");
    if (st.p !== undefined) h.enterNested(st, "kumiki:bench/api#noop");
    st.f = 1;
    let r;
    try {
      core();
    }
    catch (e) { throw h.fail(st, "kumiki:bench/api#noop", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
  }
}

// 1: lift kumiki:bench/api#add  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $kumiki_bench_api_add(a0, a1) {
    if (st.f !== 0) h.enterFail(st, "kumiki:bench/api#add");
    if (st.p !== undefined) h.enterNested(st, "kumiki:bench/api#add");
    st.f = 1;
    let r;
    try {
      if (typeof a0 !== 'number' || (a0 >>> 0) !== a0) h.badValue('u32', a0, "kumiki:bench/api#add(a)");
      if (typeof a1 !== 'number' || (a1 >>> 0) !== a1) h.badValue('u32', a1, "kumiki:bench/api#add(b)");
      const c = core(a0, a1);
      r = (c >>> 0);
    }
    catch (e) { throw h.fail(st, "kumiki:bench/api#add", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 2: lift kumiki:bench/api#echo  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $kumiki_bench_api_echo(a0) {
    if (st.f !== 0) h.enterFail(st, "kumiki:bench/api#echo");
    if (st.p !== undefined) h.enterNested(st, "kumiki:bench/api#echo");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      if (typeof a0 !== 'string') h.badValue('string', a0, "kumiki:bench/api#echo(s)");
      const p0 = h.lowerUtf8(m, ra, a0, "kumiki:bench/api#echo(s)");
      const n1 = h.out.len;
      st.l = 0;
      const c = core(p0, n1);
      const rp = c >>> 0;
      m.check(rp, 8, 4, "result of kumiki:bench/api#echo");
      const p2 = m.dv.getUint32(rp, true);
      const n3 = m.dv.getUint32(rp + 4, true);
      const s4 = h.liftUtf8(m, p2, n3, "result of kumiki:bench/api#echo");
      r = s4;
      st.l = 1; pr(c); st.l = 0;
    }
    catch (e) { throw h.fail(st, "kumiki:bench/api#echo", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 3: lift kumiki:bench/api#sum  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $kumiki_bench_api_sum(a0) {
    if (st.f !== 0) h.enterFail(st, "kumiki:bench/api#sum");
    if (st.p !== undefined) h.enterNested(st, "kumiki:bench/api#sum");
    st.f = 1;
    let r;
    try {
      st.l = 2;
      const t2 = a0 instanceof Uint32Array;
      const n1 = t2 ? a0.length : h.typedLength(5, a0, "kumiki:bench/api#sum(xs)");
      const p0 = h.alloc(m, ra, 0, 0, 4, n1 * 4, "kumiki:bench/api#sum(xs)", 'list');
      if (t2 && n1 <= 16) { const lv = m.view(5), lq = p0 / 4; for (let li = 0; li < n1; li++) lv[lq + li] = a0[li]; }
      else if (n1 !== 0) { t2 ? m.view(5).set(a0, p0 / 4) : h.storeTyped(5, m.view(5), p0 / 4, a0, n1, "kumiki:bench/api#sum(xs)"); }
      st.l = 0;
      const c = core(p0, n1);
      r = (c >>> 0);
    }
    catch (e) { throw h.fail(st, "kumiki:bench/api#sum", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 4: lift kumiki:bench/api#echo-bytes  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $kumiki_bench_api_echo_bytes(a0) {
    if (st.f !== 0) h.enterFail(st, "kumiki:bench/api#echo-bytes");
    if (st.p !== undefined) h.enterNested(st, "kumiki:bench/api#echo-bytes");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      const t2 = a0 instanceof Uint8Array;
      const n1 = t2 ? a0.length : h.typedLength(1, a0, "kumiki:bench/api#echo-bytes(b)");
      const p0 = h.alloc(m, ra, 0, 0, 1, n1 * 1, "kumiki:bench/api#echo-bytes(b)", 'list');
      if (t2 && n1 <= 16) { const lv = m.u8, lq = p0; for (let li = 0; li < n1; li++) lv[lq + li] = a0[li]; }
      else if (n1 !== 0) { t2 ? m.u8.set(a0, p0) : h.storeTyped(1, m.u8, p0, a0, n1, "kumiki:bench/api#echo-bytes(b)"); }
      st.l = 0;
      const c = core(p0, n1);
      const rp = c >>> 0;
      m.check(rp, 8, 4, "result of kumiki:bench/api#echo-bytes");
      const p3 = m.dv.getUint32(rp, true);
      const n4 = m.dv.getUint32(rp + 4, true);
      const p5 = p3 >>> 0;
      const n6 = n4 >>> 0;
      h.liftList(m, p5, n6, 1, 1, "result of kumiki:bench/api#echo-bytes");
      const l7 = m.u8.slice(p5, p5 + n6);
      r = l7;
      st.l = 1; pr(c); st.l = 0;
    }
    catch (e) { throw h.fail(st, "kumiki:bench/api#echo-bytes", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 5: lift kumiki:bench/api#make-point  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $kumiki_bench_api_make_point(a0, a1) {
    if (st.f !== 0) h.enterFail(st, "kumiki:bench/api#make-point");
    if (st.p !== undefined) h.enterNested(st, "kumiki:bench/api#make-point");
    st.f = 1;
    let r;
    try {
      if (typeof a0 !== 'number') h.badValue('f64', a0, "kumiki:bench/api#make-point(x)");
      if (typeof a1 !== 'number') h.badValue('f64', a1, "kumiki:bench/api#make-point(y)");
      const c = core(a0, a1);
      const rp = c >>> 0;
      m.check(rp, 16, 8, "result of kumiki:bench/api#make-point");
      const q0 = rp + 0;
      const v1 = m.dv.getFloat64(q0, true);
      const q2 = rp + 8;
      const v3 = m.dv.getFloat64(q2, true);
      const r4 = { "x": v1, "y": v3 };
      r = r4;
    }
    catch (e) { throw h.fail(st, "kumiki:bench/api#make-point", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}
