// The numbers the async ABI exchanges with core code (CanonicalABI.md "Waitable State", "Subtask State",
// "Stream State", "canon lift" CallbackCode): event codes, subtask states, copy results, callback codes.

/** CanonicalABI.md EventCode. */
export const EVENT_NONE = 0, EVENT_SUBTASK = 1, EVENT_STREAM_READ = 2, EVENT_STREAM_WRITE = 3, EVENT_FUTURE_READ = 4, EVENT_FUTURE_WRITE = 5, EVENT_TASK_CANCELLED = 6;

/** CanonicalABI.md Subtask.State. */
export const STARTING = 0, STARTED = 1, RETURNED = 2, CANCELLED_BEFORE_STARTED = 3, CANCELLED_BEFORE_RETURNED = 4;

/** CanonicalABI.md CopyResult. */
export const COPY_COMPLETED = 0, COPY_DROPPED = 1, COPY_CANCELLED = 2;

/** CanonicalABI.md "canon subtask.cancel": the operation has not completed yet. */
export const BLOCKED = 0xffff_ffff;

/** CanonicalABI.md CallbackCode. */
export const CALLBACK_EXIT = 0, CALLBACK_YIELD = 1, CALLBACK_WAIT = 2;

/** An event as delivered to core code: (code, index, payload). */
export type EventTuple = readonly [code: number, index: number, payload: number];
