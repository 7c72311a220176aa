// 0: lift make  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  const T = env.t, R0 = env.res(k.res[0]);
  return function $make(a0) {
    if (st.f !== 0) h.enterFail(st, "make");
    if (st.p !== undefined) h.enterNested(st, "make");
    st.f = 1;
    let r;
    try {
      if (typeof a0 !== 'number' || (a0 >>> 0) !== a0) h.badValue('u32', a0, "make(v)");
      const c = core(a0);
      const o0 = h.liftOwn(T, R0, c, "result of make");
      r = o0;
    }
    catch (e) { throw h.fail(st, "make", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 1: lift get  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  const T = env.t, R0 = env.res(k.res[0]);
  const I0 = R0.impl === env.st;
  return function $get(a0) {
    if (st.f !== 0) h.enterFail(st, "get");
    if (st.p !== undefined) h.enterNested(st, "get");
    st.f = 1;
    let r;
    try {
      st.l = 2;
      const hd0 = I0 ? h.borrowRep(R0, a0, "get(x)") : h.lowerBorrow(T, st, R0, a0, "get(x)");
      st.l = 0;
      const c = core(hd0);
      r = (c >>> 0);
      if (st.b !== 0) h.borrowsLeft(st, "get");
    }
    catch (e) { throw h.fail(st, "get", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 2: lift count  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $count() {
    if (st.f !== 0) h.enterFail(st, "count");
    if (st.p !== undefined) h.enterNested(st, "count");
    st.f = 1;
    let r;
    try {
      const c = core();
      r = (c >>> 0);
    }
    catch (e) { throw h.fail(st, "count", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 3: lower impl#make  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, fn = env.callee, st = env.st;
  const T = env.t, R0 = env.res(k.res[0]);
  return function $impl_make(w0) {
    if (st.l !== 0) h.leaveFail("impl#make", st.l);
    const r = fn((w0 >>> 0));
    let out;
    try {
      const hd0 = h.lowerOwn(T, R0, r, "result of import impl#make");
      out = hd0;
    }
    catch (x) { throw h.importFail("impl#make", x); }
    return out;
  }
}

// 4: lower impl#get  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, fn = env.callee, st = env.st;
  const T = env.t, R0 = env.res(k.res[0]);
  const H0 = R0.impl === undefined;
  return function $impl_get(w0) {
    if (st.l !== 0) h.leaveFail("impl#get", st.l);
    let e0 = T.slot(w0 >>> 0);
    if (e0 === undefined || e0.rt !== R0 || e0.lends < 0) e0 = h.lend(T, R0, w0, "impl#get(x)"); else e0.lends++;
    const o1 = H0 ? e0.rep : R0.wrap(e0.rep, false);
    let cr;
    try { cr = h.syncResult(fn(o1), "impl#get"); } catch (x) { if (H0) e0.lends--; else h.unlend(e0, o1); throw x; }
    if (H0) e0.lends--; else h.unlend(e0, o1);
    const r = cr;
    let out;
    try {
      if (typeof r !== 'number' || (r >>> 0) !== r) h.badValue('u32', r, "result of import impl#get");
      out = r;
    }
    catch (x) { throw h.importFail("impl#get", x); }
    return out;
  }
}

// 5: lift run  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $run(a0) {
    if (st.f !== 0) h.enterFail(st, "run");
    if (st.p !== undefined) h.enterNested(st, "run");
    st.f = 1;
    let r;
    try {
      if (typeof a0 !== 'number' || (a0 >>> 0) !== a0) h.badValue('u32', a0, "run(v)");
      const c = core(a0);
      r = (c >>> 0);
    }
    catch (e) { throw h.fail(st, "run", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}

// 6: lift keep  k = []
function (h, k, env) {
  const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;
  return function $keep(a0) {
    if (st.f !== 0) h.enterFail(st, "keep");
    if (st.p !== undefined) h.enterNested(st, "keep");
    st.f = 1;
    let r;
    try {
      if (typeof a0 !== 'number' || (a0 >>> 0) !== a0) h.badValue('u32', a0, "keep(v)");
      const c = core(a0);
      r = (c >>> 0);
    }
    catch (e) { throw h.fail(st, "keep", e); }
    st.f = 0;
    if (st.p !== undefined) h.exitNested(st);
    return r;
  }
}
