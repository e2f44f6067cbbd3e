/**
 * The deck CLI, for deck authors and tests:
 *   npm run decks -- validate [files or folders]   check deck files; exit 1 with file:line messages on problems
 *   npm run decks -- json [files or folders]       print the parsed decks as JSON
 *   npm run decks -- verify [files or folders]     parse every python block with python3 and run predict-output cards
 * With no paths, the bundled decks/ folder is used.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadDeckFolders } from '../electron/deck-files';
import type { DeckLoadResult } from '../shared/api';
import { PythonMissingError, verifyDeckCode } from './python-check';

const USAGE = `usage: npm run decks -- <validate|json|verify> [files or folders...]

  validate   check deck files; prints file:line: message for each problem, exits 1 if there are any
  json       print the parsed decks as JSON (id, title, cards with id, type, front, back, tags, source)
  verify     validate, then check the Python on cards with python3 (every python block parses; every
             predict-output card prints exactly its stated output)`;

async function load(targets: string[]): Promise<DeckLoadResult> {
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

function printProblems(result: DeckLoadResult): void {
  for (const problem of result.problems) {
    console.error(problem.line > 0 ? `${problem.file}:${problem.line}: ${problem.message}` : `${problem.file}: ${problem.message}`);
  }
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
    case 'verify': {
      const result = await load(targets);
      printProblems(result);
      const checked = verifyDeckCode(result.decks.map(({ deck }) => deck));
      for (const problem of checked.problems) console.error(`${problem.deckId} / ${problem.cardId}: ${problem.message}`);
      const summary = `${checked.parsed} python block(s) parsed, ${checked.ran} predict-output card(s) run, ${checked.problems.length + result.problems.length} problem(s)`;
      (checked.problems.length + result.problems.length > 0 ? console.error : console.log)(summary);
      return checked.problems.length + result.problems.length > 0 ? 1 : 0;
    }
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
