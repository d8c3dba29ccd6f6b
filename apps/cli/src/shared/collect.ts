import { InvalidArgumentError } from 'commander';

/**
 * An option parser for repeatable flags (`--role A --role B` → `['A', 'B']`), each value parsed
 * by `parse`. Throwing `InvalidArgumentError` there makes commander report a usage error.
 *
 * @example
 * new Option('--charge <charge>').argParser(repeatable(parseCharge))
 */
export function repeatable<T>(parse: (value: string) => T) {
  return (value: string, previous: T[] | undefined): T[] => [...(previous ?? []), parse(value)];
}

/** A parser accepting only `choices`, with commander's own wording for the error. */
export function oneOf<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    const choice = choices.find((candidate) => candidate === value);
    if (choice === undefined) {
      throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    }
    return choice;
  };
}
