// 0: lower example:greeter/host#log  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, fn = env.callee, st = env.st;
  return function $example_greeter_host_log(w0, w1) {
    if (st.l !== 0) h.leaveFail("example:greeter/host#log", st.l);
    m.n = 0;
    const s0 = h.liftUtf8(m, w0, w1, "example:greeter/host#log(line)");
    h.syncResult(fn(s0), "example:greeter/host#log");
    return;
  }
}

// 1: lift example:greeter/greet#greet  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $example_greeter_greet_greet(a0) {
    if (st.f !== 0) h.enterFail(st, "example:greeter/greet#greet");
    if (st.p !== undefined) h.enterNested(st, "example:greeter/greet#greet");
    st.f = 1;
    m.n = 0;
    let r;
    try {
      st.l = 2;
      if (typeof a0 !== 'string') h.badValue('string', a0, "example:greeter/greet#greet(name)");
      const p0 = h.lowerUtf8(m, ra, a0, "example:greeter/greet#greet(name)");
      const n1 = h.out.len;
      st.l = 0;
      const c = core(p0, n1);
      const rp = c >>> 0;
      m.check(rp, 8, 4, "result of example:greeter/greet#greet");
      const p2 = m.dv.getUint32(rp, true);
      const n3 = m.dv.getUint32(rp + 4, true);
      const s4 = h.liftUtf8(m, p2, n3, "result of example:greeter/greet#greet");
      r = s4;
      st.l = 1; pr(c); st.l = 0;
    }
    catch (e) { throw h.fail(st, "example:greeter/greet#greet", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 2: lift example:greeter/greet#sum  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $example_greeter_greet_sum(a0) {
    if (st.f !== 0) h.enterFail(st, "example:greeter/greet#sum");
    if (st.p !== undefined) h.enterNested(st, "example:greeter/greet#sum");
    st.f = 1;
    let r;
    try {
      st.l = 2;
      const t2 = a0 instanceof Uint32Array;
      const n1 = t2 ? a0.length : h.typedLength(5, a0, "example:greeter/greet#sum(xs)");
      const p0 = h.alloc(m, ra, 0, 0, 4, n1 * 4, "example:greeter/greet#sum(xs)", 'list');
      if (t2 && n1 <= 16) { const lv = m.view(5), lq = p0 / 4; for (let li = 0; li < n1; li++) lv[lq + li] = a0[li]; }
      else if (n1 !== 0) { t2 ? m.view(5).set(a0, p0 / 4) : h.storeTyped(5, m.view(5), p0 / 4, a0, n1, "example:greeter/greet#sum(xs)"); }
      st.l = 0;
      const c = core(p0, n1);
      r = (c >>> 0);
    }
    catch (e) { throw h.fail(st, "example:greeter/greet#sum", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 3: lift example:greeter/greet#stats  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $example_greeter_greet_stats() {
    if (st.f !== 0) h.enterFail(st, "example:greeter/greet#stats");
    if (st.p !== undefined) h.enterNested(st, "example:greeter/greet#stats");
    st.f = 1;
    let r;
    try {
      const c = core();
      const rp = c >>> 0;
      m.check(rp, 16, 8, "result of example:greeter/greet#stats");
      const q0 = rp + 0;
      const v1 = m.dv.getUint32(q0, true);
      const q2 = rp + 8;
      const v3 = m.dv.getBigUint64(q2, true);
      const r4 = { "calls": v1, "bytes": v3 };
      r = r4;
    }
    catch (e) { throw h.fail(st, "example:greeter/greet#stats", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 4: lift example:greeter/greet#invert  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $example_greeter_greet_invert(a0) {
    if (st.f !== 0) h.enterFail(st, "example:greeter/greet#invert");
    if (st.p !== undefined) h.enterNested(st, "example:greeter/greet#invert");
    st.f = 1;
    m.n = 0;
    let r, isErr = false;
    try {
      if (typeof a0 !== 'number') h.badValue('f64', a0, "example:greeter/greet#invert(x)");
      const c = core(a0);
      const rp = c >>> 0;
      m.check(rp, 16, 8, "result of example:greeter/greet#invert");
      switch (m.u8[rp]) {
        case 0: {
          const q0 = rp + 8;
          const v1 = m.dv.getFloat64(q0, true);
          r = v1;
          break;
        }
        case 1: {
          const q2 = rp + 8;
          const p3 = m.dv.getUint32(q2, true);
          const n4 = m.dv.getUint32(q2 + 4, true);
          const s5 = h.liftUtf8(m, p3, n4, "result of example:greeter/greet#invert.val");
          r = s5;
          isErr = true;
          break;
        }
        default: h.badDisc(m.u8[rp], 2, "result of example:greeter/greet#invert");
      }
    }
    catch (e) { throw h.fail(st, "example:greeter/greet#invert", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    if (isErr) throw new h.ComponentError(r);
    return r;
  }
}
