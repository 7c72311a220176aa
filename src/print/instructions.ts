// Core instruction opcodes as data: text name and immediate shape, by opcode (Core spec "Binary Format:
// Instructions", plus the proposals the corpora use: sign extension, saturating conversion, bulk memory, reference
// types, tail calls, typed function references, exceptions, GC, threads, SIMD).

/** Immediate shapes, decoded by `decodeInstruction`. */
export type Imm =
  | 'none' | 'block' | 'label' | 'br_table' | 'func' | 'call_indirect' | 'local' | 'global' | 'table' | 'memarg'
  | 'mem' | 'i32' | 'i64' | 'f32' | 'f64' | 'select_t' | 'heaptype' | 'type' | 'memory.init' | 'data' | 'mem2'
  | 'table.init' | 'elem' | 'table2' | 'tag' | 'try_table' | 'lane' | 'v128' | 'shuffle' | 'memarg_lane'
  | 'type_field' | 'type2' | 'type_n' | 'type_data' | 'type_elem' | 'br_on_cast' | 'ref' | 'ref_null' | 'fence';

/** One opcode: text name, immediate shape, and for memory accesses the natural alignment (log2 bytes). */
export interface OpInfo { readonly name: string; readonly imm: Imm; readonly align?: number }

function table(entries: [number, string, Imm, number?][]): Map<number, OpInfo> {
  return new Map(entries.map(([code, name, imm, align]) => [code, align === undefined ? { name, imm } : { name, imm, align }]));
}

/** Consecutive opcodes without immediates, from `start`. */
function run(start: number, names: string): [number, string, Imm][] {
  return names.trim().split(/\s+/).map((n, i) => [start + i, n, 'none']);
}

/** One-byte opcodes. */
function opsOne(): Map<number, OpInfo> {
  return table([
  [0x00, 'unreachable', 'none'], [0x01, 'nop', 'none'], [0x02, 'block', 'block'], [0x03, 'loop', 'block'],
  [0x04, 'if', 'block'], [0x05, 'else', 'none'], [0x06, 'try', 'block'], [0x07, 'catch', 'tag'], [0x08, 'throw', 'tag'],
  [0x09, 'rethrow', 'label'], [0x0a, 'throw_ref', 'none'], [0x0b, 'end', 'none'], [0x0c, 'br', 'label'],
  [0x0d, 'br_if', 'label'], [0x0e, 'br_table', 'br_table'], [0x0f, 'return', 'none'], [0x10, 'call', 'func'],
  [0x11, 'call_indirect', 'call_indirect'], [0x12, 'return_call', 'func'],
  [0x13, 'return_call_indirect', 'call_indirect'], [0x14, 'call_ref', 'type'], [0x15, 'return_call_ref', 'type'],
  [0x18, 'delegate', 'label'], [0x19, 'catch_all', 'none'], [0x1a, 'drop', 'none'], [0x1b, 'select', 'none'],
  [0x1c, 'select', 'select_t'], [0x1f, 'try_table', 'try_table'], [0x20, 'local.get', 'local'],
  [0x21, 'local.set', 'local'], [0x22, 'local.tee', 'local'], [0x23, 'global.get', 'global'],
  [0x24, 'global.set', 'global'], [0x25, 'table.get', 'table'], [0x26, 'table.set', 'table'],
  [0x28, 'i32.load', 'memarg', 2], [0x29, 'i64.load', 'memarg', 3], [0x2a, 'f32.load', 'memarg', 2],
  [0x2b, 'f64.load', 'memarg', 3], [0x2c, 'i32.load8_s', 'memarg', 0], [0x2d, 'i32.load8_u', 'memarg', 0],
  [0x2e, 'i32.load16_s', 'memarg', 1], [0x2f, 'i32.load16_u', 'memarg', 1], [0x30, 'i64.load8_s', 'memarg', 0],
  [0x31, 'i64.load8_u', 'memarg', 0], [0x32, 'i64.load16_s', 'memarg', 1], [0x33, 'i64.load16_u', 'memarg', 1],
  [0x34, 'i64.load32_s', 'memarg', 2], [0x35, 'i64.load32_u', 'memarg', 2], [0x36, 'i32.store', 'memarg', 2],
  [0x37, 'i64.store', 'memarg', 3], [0x38, 'f32.store', 'memarg', 2], [0x39, 'f64.store', 'memarg', 3],
  [0x3a, 'i32.store8', 'memarg', 0], [0x3b, 'i32.store16', 'memarg', 1], [0x3c, 'i64.store8', 'memarg', 0],
  [0x3d, 'i64.store16', 'memarg', 1], [0x3e, 'i64.store32', 'memarg', 2], [0x3f, 'memory.size', 'mem'],
  [0x40, 'memory.grow', 'mem'], [0x41, 'i32.const', 'i32'], [0x42, 'i64.const', 'i64'], [0x43, 'f32.const', 'f32'],
  [0x44, 'f64.const', 'f64'],
  ...run(0x45, `i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u
    i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u
    f32.eq f32.ne f32.lt f32.gt f32.le f32.ge f64.eq f64.ne f64.lt f64.gt f64.le f64.ge
    i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u i32.and i32.or
    i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr
    i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u i64.and i64.or
    i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr
    f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt f32.add f32.sub f32.mul f32.div f32.min
    f32.max f32.copysign
    f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt f64.add f64.sub f64.mul f64.div f64.min
    f64.max f64.copysign
    i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u i64.extend_i32_s
    i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s i64.trunc_f64_u f32.convert_i32_s
    f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u f32.demote_f64 f64.convert_i32_s f64.convert_i32_u
    f64.convert_i64_s f64.convert_i64_u f64.promote_f32 i32.reinterpret_f32 i64.reinterpret_f64
    f32.reinterpret_i32 f64.reinterpret_i64
    i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s`),
  [0xd0, 'ref.null', 'heaptype'], [0xd1, 'ref.is_null', 'none'], [0xd2, 'ref.func', 'func'],
  [0xd3, 'ref.eq', 'none'], [0xd4, 'ref.as_non_null', 'none'], [0xd5, 'br_on_null', 'label'],
  [0xd6, 'br_on_non_null', 'label'],
  ]);
}

/** `0xfc` prefix: saturating conversions, bulk memory and tables. */
function opsFC(): Map<number, OpInfo> {
  return table([
  ...run(0, `i32.trunc_sat_f32_s i32.trunc_sat_f32_u i32.trunc_sat_f64_s i32.trunc_sat_f64_u
    i64.trunc_sat_f32_s i64.trunc_sat_f32_u i64.trunc_sat_f64_s i64.trunc_sat_f64_u`),
  [8, 'memory.init', 'memory.init'], [9, 'data.drop', 'data'], [10, 'memory.copy', 'mem2'], [11, 'memory.fill', 'mem'],
  [12, 'table.init', 'table.init'], [13, 'elem.drop', 'elem'], [14, 'table.copy', 'table2'],
  [15, 'table.grow', 'table'], [16, 'table.size', 'table'], [17, 'table.fill', 'table'],
  ]);
}

/** `0xfb` prefix: GC. */
function opsFB(): Map<number, OpInfo> {
  return table([
  [0, 'struct.new', 'type'], [1, 'struct.new_default', 'type'], [2, 'struct.get', 'type_field'],
  [3, 'struct.get_s', 'type_field'], [4, 'struct.get_u', 'type_field'], [5, 'struct.set', 'type_field'],
  [6, 'array.new', 'type'], [7, 'array.new_default', 'type'], [8, 'array.new_fixed', 'type_n'],
  [9, 'array.new_data', 'type_data'], [10, 'array.new_elem', 'type_elem'], [11, 'array.get', 'type'],
  [12, 'array.get_s', 'type'], [13, 'array.get_u', 'type'], [14, 'array.set', 'type'], [15, 'array.len', 'none'],
  [16, 'array.fill', 'type'], [17, 'array.copy', 'type2'], [18, 'array.init_data', 'type_data'],
  [19, 'array.init_elem', 'type_elem'], [20, 'ref.test', 'ref'], [21, 'ref.test', 'ref_null'],
  [22, 'ref.cast', 'ref'], [23, 'ref.cast', 'ref_null'], [24, 'br_on_cast', 'br_on_cast'],
  [25, 'br_on_cast_fail', 'br_on_cast'],
  ...run(26, 'any.convert_extern extern.convert_any ref.i31 i31.get_s i31.get_u'),
  ]);
}

/** `0xfe` prefix: threads (atomic memory accesses). */
function opsFE(): Map<number, OpInfo> {
  const e: [number, string, Imm, number?][] = [
    [0, 'memory.atomic.notify', 'memarg', 2], [1, 'memory.atomic.wait32', 'memarg', 2],
    [2, 'memory.atomic.wait64', 'memarg', 3], [3, 'atomic.fence', 'fence'],
  ];
  const access: [string, number][] = [['i32.atomic.load', 2], ['i64.atomic.load', 3], ['i32.atomic.load8_u', 0],
    ['i32.atomic.load16_u', 1], ['i64.atomic.load8_u', 0], ['i64.atomic.load16_u', 1], ['i64.atomic.load32_u', 2],
    ['i32.atomic.store', 2], ['i64.atomic.store', 3], ['i32.atomic.store8', 0], ['i32.atomic.store16', 1],
    ['i64.atomic.store8', 0], ['i64.atomic.store16', 1], ['i64.atomic.store32', 2]];
  access.forEach(([n, a], i) => e.push([0x10 + i, n, 'memarg', a]));
  const widths: [string, string, number][] = [['i32', '', 2], ['i64', '', 3], ['i32', '8', 0], ['i32', '16', 1],
    ['i64', '8', 0], ['i64', '16', 1], ['i64', '32', 2]];
  let code = 0x1e;
  for (const op of ['add', 'sub', 'and', 'or', 'xor', 'xchg', 'cmpxchg']) {
    for (const [t, w, a] of widths) e.push([code++, `${t}.atomic.rmw${w}.${op}${w ? '_u' : ''}`, 'memarg', a]);
  }
  return table(e);
}

/** `0xfd` prefix: 128-bit SIMD. */
function opsFD(): Map<number, OpInfo> {
  const e: [number, string, Imm, number?][] = [
    [0, 'v128.load', 'memarg', 4], [1, 'v128.load8x8_s', 'memarg', 3], [2, 'v128.load8x8_u', 'memarg', 3],
    [3, 'v128.load16x4_s', 'memarg', 3], [4, 'v128.load16x4_u', 'memarg', 3], [5, 'v128.load32x2_s', 'memarg', 3],
    [6, 'v128.load32x2_u', 'memarg', 3], [7, 'v128.load8_splat', 'memarg', 0], [8, 'v128.load16_splat', 'memarg', 1],
    [9, 'v128.load32_splat', 'memarg', 2], [10, 'v128.load64_splat', 'memarg', 3], [11, 'v128.store', 'memarg', 4],
    [12, 'v128.const', 'v128'], [13, 'i8x16.shuffle', 'shuffle'],
    [21, 'i8x16.extract_lane_s', 'lane'], [22, 'i8x16.extract_lane_u', 'lane'], [23, 'i8x16.replace_lane', 'lane'],
    [24, 'i16x8.extract_lane_s', 'lane'], [25, 'i16x8.extract_lane_u', 'lane'], [26, 'i16x8.replace_lane', 'lane'],
    [27, 'i32x4.extract_lane', 'lane'], [28, 'i32x4.replace_lane', 'lane'], [29, 'i64x2.extract_lane', 'lane'],
    [30, 'i64x2.replace_lane', 'lane'], [31, 'f32x4.extract_lane', 'lane'], [32, 'f32x4.replace_lane', 'lane'],
    [33, 'f64x2.extract_lane', 'lane'], [34, 'f64x2.replace_lane', 'lane'],
    [84, 'v128.load8_lane', 'memarg_lane', 0], [85, 'v128.load16_lane', 'memarg_lane', 1],
    [86, 'v128.load32_lane', 'memarg_lane', 2], [87, 'v128.load64_lane', 'memarg_lane', 3],
    [88, 'v128.store8_lane', 'memarg_lane', 0], [89, 'v128.store16_lane', 'memarg_lane', 1],
    [90, 'v128.store32_lane', 'memarg_lane', 2], [91, 'v128.store64_lane', 'memarg_lane', 3],
    [92, 'v128.load32_zero', 'memarg', 2], [93, 'v128.load64_zero', 'memarg', 3],
  ];
  const plain: [number, string][] = [
    [14, 'i8x16.swizzle i8x16.splat i16x8.splat i32x4.splat i64x2.splat f32x4.splat f64x2.splat'],
    [35, `i8x16.eq i8x16.ne i8x16.lt_s i8x16.lt_u i8x16.gt_s i8x16.gt_u i8x16.le_s i8x16.le_u i8x16.ge_s i8x16.ge_u
      i16x8.eq i16x8.ne i16x8.lt_s i16x8.lt_u i16x8.gt_s i16x8.gt_u i16x8.le_s i16x8.le_u i16x8.ge_s i16x8.ge_u
      i32x4.eq i32x4.ne i32x4.lt_s i32x4.lt_u i32x4.gt_s i32x4.gt_u i32x4.le_s i32x4.le_u i32x4.ge_s i32x4.ge_u
      f32x4.eq f32x4.ne f32x4.lt f32x4.gt f32x4.le f32x4.ge f64x2.eq f64x2.ne f64x2.lt f64x2.gt f64x2.le f64x2.ge
      v128.not v128.and v128.andnot v128.or v128.xor v128.bitselect v128.any_true`],
    [94, `f32x4.demote_f64x2_zero f64x2.promote_low_f32x4 i8x16.abs i8x16.neg i8x16.popcnt i8x16.all_true
      i8x16.bitmask i8x16.narrow_i16x8_s i8x16.narrow_i16x8_u f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest
      i8x16.shl i8x16.shr_s i8x16.shr_u i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub i8x16.sub_sat_s
      i8x16.sub_sat_u f64x2.ceil f64x2.floor i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u f64x2.trunc
      i8x16.avgr_u i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u i32x4.extadd_pairwise_i16x8_s
      i32x4.extadd_pairwise_i16x8_u i16x8.abs i16x8.neg i16x8.q15mulr_sat_s i16x8.all_true i16x8.bitmask
      i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s
      i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u i16x8.shl i16x8.shr_s i16x8.shr_u i16x8.add
      i16x8.add_sat_s i16x8.add_sat_u i16x8.sub i16x8.sub_sat_s i16x8.sub_sat_u f64x2.nearest i16x8.mul
      i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u - i16x8.avgr_u i16x8.extmul_low_i8x16_s
      i16x8.extmul_high_i8x16_s i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u i32x4.abs i32x4.neg -
      i32x4.all_true i32x4.bitmask - - i32x4.extend_low_i16x8_s i32x4.extend_high_i16x8_s
      i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u i32x4.shl i32x4.shr_s i32x4.shr_u i32x4.add - -
      i32x4.sub - - - i32x4.mul i32x4.min_s i32x4.min_u i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s -
      i32x4.extmul_low_i16x8_s i32x4.extmul_high_i16x8_s i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u
      i64x2.abs i64x2.neg - i64x2.all_true i64x2.bitmask - - i64x2.extend_low_i32x4_s i64x2.extend_high_i32x4_s
      i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u i64x2.shl i64x2.shr_s i64x2.shr_u i64x2.add - -
      i64x2.sub - - - i64x2.mul i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s
      i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u
      f32x4.abs f32x4.neg - f32x4.sqrt f32x4.add f32x4.sub f32x4.mul f32x4.div f32x4.min f32x4.max f32x4.pmin
      f32x4.pmax f64x2.abs f64x2.neg - f64x2.sqrt f64x2.add f64x2.sub f64x2.mul f64x2.div f64x2.min f64x2.max
      f64x2.pmin f64x2.pmax i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u f32x4.convert_i32x4_s
      f32x4.convert_i32x4_u i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero
      f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u
      i8x16.relaxed_swizzle i32x4.relaxed_trunc_f32x4_s i32x4.relaxed_trunc_f32x4_u
      i32x4.relaxed_trunc_f64x2_s_zero i32x4.relaxed_trunc_f64x2_u_zero f32x4.relaxed_madd f32x4.relaxed_nmadd
      f64x2.relaxed_madd f64x2.relaxed_nmadd i8x16.relaxed_laneselect i16x8.relaxed_laneselect
      i32x4.relaxed_laneselect i64x2.relaxed_laneselect f32x4.relaxed_min f32x4.relaxed_max f64x2.relaxed_min
      f64x2.relaxed_max i16x8.relaxed_q15mulr_s i16x8.relaxed_dot_i8x16_i7x16_s
      i32x4.relaxed_dot_i8x16_i7x16_add_s`],
  ];
  for (const [start, names] of plain) {
    names.trim().split(/\s+/).forEach((n, i) => { if (n !== '-') e.push([start + i, n, 'none']); });
  }
  return table(e);
}

/** The opcode tables by prefix. */
export interface OpTables {
  readonly OPS: ReadonlyMap<number, OpInfo>;
  readonly OPS_FC: ReadonlyMap<number, OpInfo>;
  readonly OPS_FB: ReadonlyMap<number, OpInfo>;
  readonly OPS_FE: ReadonlyMap<number, OpInfo>;
  readonly OPS_FD: ReadonlyMap<number, OpInfo>;
}
let built: OpTables | undefined;
/** The tables, built on first use: only printing code needs them, and `import('kumiki')` ran all of this (issue 16). */
export function opTables(): OpTables {
  return built ??= { OPS: opsOne(), OPS_FC: opsFC(), OPS_FB: opsFB(), OPS_FE: opsFE(), OPS_FD: opsFD() };
}
