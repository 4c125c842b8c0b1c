import { InvalidInputError } from '@tandem/contracts';
import { formatProblem, ResourceProblem } from './resource-problem';

/** For an edge that throws rather than returns: every problem, one per line, as the person should read them. */
export class ResourceProblemsError extends InvalidInputError {
  constructor(readonly problems: readonly ResourceProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the resources:\n${problems.map((p) => `- ${formatProblem(p)}`).join('\n')}`,
      { code: 'invalid-resource' },
    );
  }
}
