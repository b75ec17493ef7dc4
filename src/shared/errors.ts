// Errors every layer may throw and the CLI maps to an exit code.

/** A bad flag or argument: exit 2 with the message, never a stack trace. */
export class UsageError extends Error {}
