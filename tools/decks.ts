/**
 * The deck CLI, for deck authors and tests:
 *   npm run decks -- validate [files or folders]   check deck files; exit 1 with file:line messages on problems
 *   npm run decks -- json [files or folders]       print the parsed decks as JSON
 *   npm run decks -- verify [files or folders]     check the Python on cards with python3 and with Pyodide (the app's
 *                                                  interpreter): every python block parses, every predict-output
 *                                                  card prints exactly its stated output
 *   npm run decks -- convert <file> [--to native|json] [--out folder]   import any supported file with the app's importers
 * With no paths, the bundled decks/ folder is used.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadDeckFolders } from '../electron/deck-files';
import type { FullDeckLoadResult, LoadedFullDeck } from '../shared/api';
import { importFile } from '../shared/import/index';
import { serializeDeck } from '../shared/deck/serialize';
import { cardHeadingLines } from './card-lines';
import { PythonMissingError, verifyDeckCode, type CodeProblem } from './python-check';
import { verifyDeckCodeInPyodide } from './pyodide-check';

const USAGE = `usage: npm run decks -- <validate|json|verify> [files or folders...]

  validate   check deck files; prints file:line: message for each problem, exits 1 if there are any
  json       print the parsed decks as JSON (id, title, cards with id, type, front, back, tags, source)
  verify     validate, then check the Python on cards with python3 and with Pyodide, the interpreter the app
             runs cards in (every python block parses; every predict-output card prints exactly its stated
             output); prints file:line: deck/card: message for each problem, exits 1 if there are any
  convert    convert <file> [--to native|json] [--out folder]: read an Anki package, CSV/TSV, Markdown notes or
             study guide, or deck file with the app's importers; print the decks (native: one deck; with --out,
             one <deck-id>.md per deck), problems as file:line: message, exit 1 if there were any`;

async function load(targets: string[]): Promise<FullDeckLoadResult> {
  const folders = (targets.length > 0 ? targets : ['decks']).map((folder) => ({ folder, origin: 'user' as const }));
  const shown = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative === '' || relative.startsWith('..') ? file : relative;
  };
  const result = await loadDeckFolders(folders, shown);
  // A path that does not exist is the user's typo, not an empty folder: say so.
  for (const { folder } of folders) {
    try {
      await stat(folder);
    } catch {
      result.problems.push({ file: folder, line: 0, message: 'no such file or folder' });
    }
  }
  return result;
}

function printProblems(result: FullDeckLoadResult): void {
  for (const problem of result.problems) {
    console.error(problem.line > 0 ? `${problem.file}:${problem.line}: ${problem.message}` : `${problem.file}: ${problem.message}`);
  }
}

async function convert(args: string[]): Promise<number> {
  const toIndex = args.indexOf('--to');
  const to = toIndex >= 0 ? args[toIndex + 1] : 'native';
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const optionValues = new Set([toIndex, outIndex].filter((index) => index >= 0).map((index) => index + 1));
  const files = args.filter((arg, index) => !arg.startsWith('--') && !optionValues.has(index));
  if (files.length !== 1 || (to !== 'native' && to !== 'json') || (outIndex >= 0 && !out)) {
    console.error(`usage: npm run decks -- convert <file> [--to native|json] [--out folder]`);
    return 2;
  }
  const file = files[0]!;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    console.error(`${file}: cannot read the file (${(error as Error).message})`);
    return 1;
  }
  const result = await importFile({ name: path.basename(file), bytes });
  for (const problem of result.problems) console.error(problem.line > 0 ? `${file}:${problem.line}: ${problem.message}` : `${file}: ${problem.message}`);
  if (to === 'json') {
    process.stdout.write(JSON.stringify({ format: result.format, decks: result.decks, media: result.media.map((m) => m.name), schedules: result.schedules.length }, null, 2) + '\n');
  } else if (out) {
    await mkdir(out, { recursive: true });
    for (const deck of result.decks) {
      const target = path.join(out, `${deck.id}.md`);
      await writeFile(target, serializeDeck(deck));
      console.log(`${target}: ${deck.cards.length} card(s)`);
    }
  } else if (result.decks.length === 1) {
    process.stdout.write(serializeDeck(result.decks[0]!));
  } else if (result.decks.length > 1) {
    console.error(`${file} holds ${result.decks.length} decks; give --out <folder> to write one file per deck, or --to json`);
    return 1;
  }
  return result.problems.length > 0 || result.decks.length === 0 ? 1 : 0;
}

/** Where a deck file's cards start, read once per file. */
async function cardLocator(decks: LoadedFullDeck[]): Promise<(problem: CodeProblem) => { file: string; line: number }> {
  const byDeck = new Map<string, { file: string; lines: Map<string, number> }>();
  for (const { deck, file } of decks) {
    let lines = new Map<string, number>();
    try {
      lines = cardHeadingLines(await readFile(file, 'utf8'));
    } catch {
      // The file was read a moment ago; without it the message points at the file alone.
    }
    byDeck.set(deck.id, { file, lines });
  }
  return (problem) => {
    const found = byDeck.get(problem.deckId);
    return { file: found?.file ?? problem.deckId, line: found?.lines.get(problem.cardId) ?? 0 };
  };
}

/** `file:line: deck/card: message`, the message's further lines (a diff, a traceback) indented below it. */
function formatCodeProblem(problem: CodeProblem, where: { file: string; line: number }): string {
  const [first, ...rest] = problem.message.split('\n');
  const head = `${where.line > 0 ? `${where.file}:${where.line}` : where.file}: ${problem.deckId}/${problem.cardId}: ${first}`;
  return [head, ...rest.map((line) => `    ${line}`)].join('\n');
}

async function verify(targets: string[]): Promise<number> {
  const result = await load(targets);
  printProblems(result);
  const decks = result.decks.map(({ deck }) => deck);
  const locate = await cardLocator(result.decks);
  const python3 = verifyDeckCode(decks);
  const pyodide = await verifyDeckCodeInPyodide(decks);
  const located = (problem: CodeProblem) => ({ problem, where: locate(problem) });
  const byPlace = (a: ReturnType<typeof located>, b: ReturnType<typeof located>) => a.where.file.localeCompare(b.where.file) || a.where.line - b.where.line;
  for (const { problem, where } of pyodide.notes.map(located).sort(byPlace)) console.log(formatCodeProblem(problem, where));
  const problems = [...python3.problems.map((problem) => ({ ...problem, message: `python3: ${problem.message}` })), ...pyodide.problems].map(located).sort(byPlace);
  for (const { problem, where } of problems) console.error(formatCodeProblem(problem, where));
  const count = problems.length + result.problems.length;
  const summary =
    `${python3.parsed} python block(s) parsed and ${python3.ran} predict-output card(s) run with python3 and with Pyodide ` +
    `(Python ${pyodide.version}; ${pyodide.notes.length} card(s) not run there), ${count} problem(s)`;
  (count > 0 ? console.error : console.log)(summary);
  return count > 0 ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...targets] = argv;
  switch (command) {
    case 'validate': {
      const result = await load(targets);
      printProblems(result);
      const cards = result.decks.reduce((sum, { deck }) => sum + deck.cards.length, 0);
      const summary = `${result.decks.length} deck(s), ${cards} card(s), ${result.problems.length} problem(s)`;
      if (result.problems.length > 0) {
        console.error(summary);
        return 1;
      }
      console.log(summary);
      return 0;
    }
    case 'json': {
      const result = await load(targets);
      printProblems(result);
      const decks = result.decks.map(({ deck, file }) => ({ file, ...deck }));
      process.stdout.write(JSON.stringify(decks, null, 2) + '\n');
      return result.problems.length > 0 ? 1 : 0;
    }
    case 'verify':
      return verify(targets);
    case 'convert':
      return convert(targets);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof PythonMissingError ? error.message : error);
    process.exitCode = 2;
  },
);
