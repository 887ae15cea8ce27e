// The conversation service's own errors (a rate limit with how long to wait, a duplicate
// naming the statement it repeats) live with every other error in the kernel's closed set.
export { DuplicateStatement, TooManyRequests } from '../../kernel/errors.ts';
