// The literal set's one pass over its texts (literal-set.ts): the automaton walked over one buffer,
// each literal reported once per text; on the texts the caller marks (long lines windows may read:
// src/shared/regex/window.ts) every occurrence instead, so their places come from this same walk
// rather than a second one (positions.ts walkPositions: the same walk, the same tries, the same answer).
// A placed text that is the placed text before it unescaped (`\"` → `"`) is not walked: its places
// come from that text's (unescaped-places.ts), only its short literals' masks from its bytes.
import type { Automaton } from '../shared/literals/automaton.js';
import { LiteralTails, TailTries } from '../shared/literals/tails.js';
import { charIndexes, PlaceBuffer, type LiteralWalk, type Positions } from '../shared/literals/positions.js';
import { escapesOf, unescapedPlaces } from './unescaped-places.js';

/** An automaton and, per automaton literal id, the set's index (-1: not in the set). */
export interface Part {
  a: Automaton;
  to: Int32Array;
  /** The set's literals per reporting state, checked in one walk, each reported once per text. */
  tails: LiteralTails;
  /** The tails' tries (shared with a walk that reports every occurrence: positions.ts). */
  tries: TailTries;
  /** Texts scanned so far: the tails tell texts apart by serial number, across calls. */
  serial: number;
  /** Placed texts: per literal id, the serial number + 1 of the text it was last placed in (made on the first placed scan). */
  placedIn?: Int32Array;
}

export function part(a: Automaton, to: Int32Array): Part {
  const tries = new TailTries(a, (id) => to[id]! >= 0);
  return { a, to, tails: new LiteralTails(a, tries.keep, false, true, tries), tries, serial: 0 };
}

/**
 * Texts whose places are wanted: per text index, true to have them, and where they go (per text,
 * walkPositions's answer on it: the text as scanned is the one walkPositions would walk).
 */
export interface Placed {
  want: readonly boolean[];
  places: Array<Positions | undefined>;
}

/**
 * Pushes onto out[k] the index of each text holding the set's literal k (ascending, once). `texts`:
 * the texts as written into `buf` (each ended by a newline at ends[t]). `placed`: texts walked for
 * every occurrence (part's tries), their places kept.
 */
export function scan(part: Part, buf: Buffer, ends: Int32Array, out: number[][], texts: readonly string[], placed?: Placed & { walk: LiteralWalk }): void {
  const { a, to, tails } = part;
  const { delta, cls, special, nl, ctrl, classes, masks, prefixLen } = a;
  const serial = part.serial;
  part.serial += ends.length;
  const one = masks?.one;
  const two = masks?.two;
  let m1 = 0;
  let m2 = 0;
  let pc = 0;
  let s = 0;
  let t = 0;
  let lo = 0;
  const hit = (id: number): void => {
    out[to[id]!]!.push(t); // once per text (the tails' `once` mode)
  };
  // The current text's places when it is placed (every occurrence reported): its first one also lists the text.
  let pos: PlaceBuffer | undefined;
  const buffer = placed ? placeBuffer : undefined;
  const placedIn = placed ? (part.placedIn ??= new Int32Array(a.literals.length)) : undefined;
  let stamp = 0;
  let charAt: Int32Array | undefined;
  let end = 0;
  const place = (id: number): void => {
    const at = end - prefixLen[id]! - lo;
    if (placedIn![id] !== stamp) {
      placedIn![id] = stamp;
      out[to[id]!]!.push(t);
    }
    pos!.add(id, charAt ? charAt[at]! : at);
  };
  // At the end of text t: when it is placed, its buffered places become its Positions.
  const finish = (): void => {
    if (pos) placed!.places[t] = pos.take();
  };
  const begin = (): void => {
    pos = placed?.want[t] ? buffer : undefined;
    if (pos) {
      pos.n = 0;
      stamp = serial + t + 1;
    }
    // Byte offset -> UTF-16 index, when they differ (a text of characters of 2 or 3 UTF-8 bytes).
    charAt = pos && ends[t]! - lo !== texts[t]!.length ? charIndexes(texts[t]!, ends[t]! - lo) : undefined;
  };
  // Whether text t is the placed text before it unescaped: then its places and lists are derived here.
  const derived = (): boolean => {
    const r = placed && t > 0 && placed.want[t] && placed.want[t - 1] && placed.places[t - 1] ? escapesOf(texts[t - 1]!, texts[t]!) : undefined;
    if (!r) return false;
    const p = unescapedPlaces(placed!.walk, placed!.places[t - 1]!, r, texts[t]!);
    if (!p) return false;
    placed!.places[t] = p;
    const end = p.ends();
    for (let id = 0; id + 1 < end.length; id++) if (end[id + 1]! > end[id]!) out[to[id]!]!.push(t);
    return true;
  };
  begin();
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    const c = cls[b]!;
    if (one) {
      m1 |= one[b]!;
      m2 |= two![pc + c]!;
      pc = c * classes;
    }
    s = delta[s + c]!;
    if (s < special || s === ctrl) continue;
    if (s === nl) {
      // A newline inside a text, or the separator after it.
      if (ends[t]! <= i) {
        if ((m1 | m2) !== 0) {
          for (let q = 0; m1 !== 0; q++, m1 >>>= 1) if (m1 & 1 && to[masks!.oneIds[q]!]! >= 0) out[to[masks!.oneIds[q]!]!]!.push(t);
          for (let q = 0; m2 !== 0; q++, m2 >>>= 1) if (m2 & 1 && to[masks!.twoIds[q]!]! >= 0) out[to[masks!.twoIds[q]!]!]!.push(t);
          m1 = m2 = 0;
        }
        finish();
        lo = ends[t++]! + 1;
        if (t < ends.length && derived()) {
          // Only the masks read its bytes; the automaton resumes at its closing newline (a restart).
          pos = undefined;
          if (one) {
            for (i = lo; i < ends[t]!; i++) {
              const c = cls[buf[i]!]!;
              m1 |= one[buf[i]!]!;
              m2 |= two![pc + c]!;
              pc = c * classes;
            }
          }
          i = ends[t]! - 1;
          s = 0;
        } else begin();
      }
      continue;
    }
    if (pos) {
      end = i + 1;
      part.tries.every(((s - special) / classes) | 0, buf, end, lo, ends[t]!, place);
    } else tails.each(((s - special) / classes) | 0, buf, i + 1, lo, ends[t]!, hit, serial + t);
  }
}

/** scan's buffer for a placed text's places (scan never runs inside itself). */
const placeBuffer = new PlaceBuffer();
