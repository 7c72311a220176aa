// What generated fused adapters call at run time (as `f`; codegen/fused.ts emits the calls): string copies per
// (source, destination) encoding, and handle moves and lends between the two instances' tables.
import type { StringEncoding } from '../abi/context.js';
import { char, fout, stringCopy, type StringCopy } from './fuse-strings.js';
import { argsStart, lendBorrow, lendBorrowIn, moveOwn, moveOwnIn, releaseLends, undoArgs } from './fuse-handles.js';
import { destAlloc, destCheck, isDestFault, otherSideFault } from './fuse-fault.js';

type StringEncodingPair = `${StringEncoding}>${StringEncoding}`;
const ENCODINGS = ['utf8', 'utf16', 'latin1+utf16'] as const;
const S: Record<StringEncodingPair, StringCopy> = {} as Record<StringEncodingPair, StringCopy>;
for (const a of ENCODINGS) for (const b of ENCODINGS) S[`${a}>${b}`] = stringCopy(a, b);

/** The helpers fused adapters call (as `f`). */
export const fuseGlue = { S, fout, char, moveOwn, lendBorrow, releaseLends, moveOwnIn, lendBorrowIn, argsStart, undoArgs, alloc: destAlloc, dcheck: destCheck, isDest: isDestFault, other: otherSideFault };
