import { InvalidInputError } from '@tandem/contracts';
import { KubernetesPlatform } from './kubernetes.platform';
import { loadKubeConfig } from './kube-config.loader';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: east
    cluster: { server: 'https://127.0.0.1:6443' }
users:
  - name: tandem
    user: { token: abc }
contexts:
  - name: east
    context: { cluster: east, user: tandem }
  - name: nowhere
    context: { cluster: missing, user: tandem }
current-context: east
`;

describe('loadKubeConfig', () => {
  it('loads inline YAML and its current context', () => {
    const config = loadKubeConfig({ kind: 'inline', yaml: KUBECONFIG });
    expect(config.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
    expect(new KubernetesPlatform('east', config).adapter).toBe('kubernetes');
  });

  it('names the missing context and the ones it has', () => {
    expect(() => loadKubeConfig({ kind: 'inline', yaml: KUBECONFIG, context: 'west' })).toThrow('has no context "west" (it has: east, nowhere)');
  });

  it('refuses a context whose cluster does not exist', () => {
    expect(() => loadKubeConfig({ kind: 'inline', yaml: KUBECONFIG, context: 'nowhere' })).toThrow(InvalidInputError);
  });

  it('says which file is missing', () => {
    expect(() => loadKubeConfig({ kind: 'file', path: '/nonexistent/kubeconfig' })).toThrow('kubeconfig /nonexistent/kubeconfig does not exist');
  });
});
