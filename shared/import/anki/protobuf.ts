/**
 * Just enough protobuf to read the few messages current Anki versions store as blobs: a package's `meta`, its
 * media list, and the note type and template configs of a schema-18 collection. Unknown fields are skipped, as
 * protobuf intends, so newer Anki versions that add fields still read.
 */

export type ProtoValue = { wire: 0; value: number } | { wire: 2; bytes: Uint8Array };

export class ProtoError extends Error {}

/** Every field of a message, in order: field number → values (repeated fields collect). */
export function decodeMessage(bytes: Uint8Array): Map<number, ProtoValue[]> {
  const fields = new Map<number, ProtoValue[]>();
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let index = 0; index < 10; index++) {
      if (at >= bytes.length) throw new ProtoError('truncated varint');
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new ProtoError('varint too long');
  };
  while (at < bytes.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wire = key % 8;
    if (number === 0) throw new ProtoError('field number 0');
    let value: ProtoValue;
    if (wire === 0) value = { wire: 0, value: varint() };
    else if (wire === 2) {
      const length = varint();
      if (at + length > bytes.length) throw new ProtoError('truncated field');
      value = { wire: 2, bytes: bytes.subarray(at, at + length) };
      at += length;
    } else if (wire === 1) {
      at += 8;
      continue;
    } else if (wire === 5) {
      at += 4;
      continue;
    } else throw new ProtoError(`unsupported wire type ${wire}`);
    if (at > bytes.length) throw new ProtoError('truncated field');
    const list = fields.get(number);
    if (list) list.push(value);
    else fields.set(number, [value]);
  }
  return fields;
}

const decoder = new TextDecoder();

export function stringField(fields: Map<number, ProtoValue[]>, number: number): string {
  const value = fields.get(number)?.at(-1);
  return value?.wire === 2 ? decoder.decode(value.bytes) : '';
}

export function numberField(fields: Map<number, ProtoValue[]>, number: number): number | undefined {
  const value = fields.get(number)?.at(-1);
  return value?.wire === 0 ? value.value : undefined;
}

export function messageFields(fields: Map<number, ProtoValue[]>, number: number): Uint8Array[] {
  return (fields.get(number) ?? []).flatMap((value) => (value.wire === 2 ? [value.bytes] : []));
}

/** For building fixtures and tests: the inverse, for varint and length-delimited fields only. */
export function encodeMessage(fields: [number, number | string | Uint8Array][]): Uint8Array {
  const out: number[] = [];
  const varint = (value: number) => {
    while (value >= 0x80) {
      out.push((value % 128) | 0x80);
      value = Math.floor(value / 128);
    }
    out.push(value);
  };
  for (const [number, value] of fields) {
    if (typeof value === 'number') {
      varint(number * 8);
      varint(value);
    } else {
      const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
      varint(number * 8 + 2);
      varint(bytes.length);
      for (const byte of bytes) out.push(byte);
    }
  }
  return Uint8Array.from(out);
}
