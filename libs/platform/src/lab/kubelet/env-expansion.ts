/**
 * Kubernetes' `$(VAR)` expansion (k8s.io/kubernetes/third_party/forked/golang/expansion): `$(NAME)` is replaced
 * by the variable's value when it is defined, and left as it is otherwise; `$$` is an escaped `$`.
 */
export function expand(input: string, vars: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      out += vars.has(name) ? (vars.get(name) as string) : `$(${name})`;
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

/** `data` → `DATA`, `pg-data` → `PG_DATA`: a volume name as an environment variable's suffix. */
export function upperSnake(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}
