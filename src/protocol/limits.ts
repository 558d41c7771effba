/** Guest text limit; longer texts get error 4011 (protocol §7). Its own module so the first load can check it without the encoder. */
export const MAX_TEXT_LENGTH = 4096;
