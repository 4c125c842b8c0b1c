import { parseResourceDocuments } from '@tandem/resources';
import { InvalidInputError } from '@tandem/service';
import { generateClusterPair } from './generate-pair';

describe('generate clusterpair on the destination', () => {
  it('for Kubernetes, prints the pair after a comment saying how to make the access Secret', async () => {
    const text = await generateClusterPair(
      { namespace: 'appns', name: 'dr-site' },
      { domain: 'dr-site', publicUrl: 'https://tandem.dr.example.com', objectStore: undefined, access: { kind: 'kubernetes' } },
    );
    const [comment, command] = text.split('\n');
    expect(comment).toBe('# Create the Secret dr-site-platform in namespace appns on the source site with a kubeconfig key that reaches this cluster:');
    expect(command).toBe('#   kubectl -n appns create secret generic dr-site-platform --from-file=kubeconfig=<kubeconfig of this cluster>');
    const parsed = parseResourceDocuments(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.resources).toEqual([
      expect.objectContaining({
        kind: 'ClusterPair',
        mode: 'sync',
        metadata: expect.objectContaining({ name: 'dr-site', namespace: 'appns' }),
        destination: { endpoints: ['https://tandem.dr.example.com'], clusterDomain: 'dr-site', kubeconfigSecretRef: { name: 'dr-site-platform' } },
      }),
    ]);
  });

  it('needs the URL other sites reach this one at', async () => {
    const generate = generateClusterPair({ namespace: 'appns', name: 'dr-site' }, { domain: 'dr-site', publicUrl: undefined, objectStore: undefined, access: { kind: 'kubernetes' } });
    await expect(generate).rejects.toThrow(InvalidInputError);
    await expect(generate).rejects.toThrow(/set TANDEM_FAILOVER_PUBLIC_URL/);
  });
});
