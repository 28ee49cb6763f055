import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

const installed = new WeakSet<Storage>();

/**
 * Memoises class-validator's `getTargetValidationMetadatas`, which otherwise scans every
 * decorated class of the app for each object it validates (typestack/class-validator#2686,
 * open): a bulk decision validates 10,000 nested items, and that scan was ~40% of the
 * validation's time and most of its garbage. What it answers depends only on the class, the
 * options and the registered metadata, and metadata is registered when classes are declared;
 * registering more clears the memo. The answers are frozen: no caller may change them.
 */
export function memoiseValidationMetadata(storage: Storage = getMetadataStorage()): void {
  if (installed.has(storage)) return;
  installed.add(storage);
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let memo = new WeakMap<object, Map<string, ReturnType<Lookup>>>();
  storage.addValidationMetadata = (metadata) => {
    memo = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // (an object whose `constructor` is not a class cannot key the memo: asked as before)
    if (typeof target !== 'function') return lookup(target, schema, always, strictGroups, groups);
    const key = JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let byKey = memo.get(target);
    if (!byKey) memo.set(target, (byKey = new Map()));
    let found = byKey.get(key);
    if (!found) byKey.set(key, (found = Object.freeze(lookup(target, schema, always, strictGroups, groups)) as never));
    return found;
  };
}
