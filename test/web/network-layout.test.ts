// The sanctions network's drawing (web/src/features/sanctions/network-layout.ts):
// every node reachable from the centre drawn once, on the circle of its distance
// from the centre, inside the drawing, the same drawing whatever the order of the
// lists, and no two nodes on top of each other while each circle holds at most 16.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { labelAt, radialLayout, RING_MARGIN, shortName, type LayoutEdge } from '../../web/src/features/sanctions/network-layout.ts';
import { loadBundledSanctions } from '../../src/node/sanctions-files.ts';
import { network } from '../../src/sanctions/index.ts';

const SIZE = 720;
/** The radii the page draws: the centre's circle, and every other node's. */
const CENTRE_R = 14;
const NODE_R = 9;

type Node = { id: string };

/** Steps from the centre to every node it reaches (breadth first), computed here independently. */
function distances(edges: readonly LayoutEdge[], centre: string): Map<string, number> {
  const d = new Map([[centre, 0]]);
  let frontier = [centre];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier)
      for (const e of edges) {
        const other = e.source === id ? e.target : e.target === id ? e.source : undefined;
        if (other !== undefined && !d.has(other)) {
          d.set(other, d.get(id)! + 1);
          next.push(other);
        }
      }
    frontier = next;
  }
  return d;
}

const positions = (placed: { id: string; x: number; y: number; layer: number }[]) => new Map(placed.map((p) => [p.id, `${p.x.toFixed(9)},${p.y.toFixed(9)},${p.layer}`]));

/** Checks that hold for any network: returns the problems found. */
function problems(nodes: readonly Node[], edges: readonly LayoutEdge[], centre: string): string[] {
  const out: string[] = [];
  const placed = radialLayout(nodes, edges, centre, SIZE);
  const d = distances(edges, centre);
  const reachable = nodes.filter((n) => d.has(n.id)).map((n) => n.id).sort();
  if (JSON.stringify(placed.map((p) => p.id).sort()) !== JSON.stringify(reachable)) out.push('not every node reachable from the centre was drawn exactly once');
  const c = SIZE / 2;
  for (const p of placed) {
    if (p.layer !== d.get(p.id)) out.push(`${p.id} on circle ${p.layer}, ${d.get(p.id)} steps from the centre`);
    if (Math.hypot(p.x - c, p.y - c) > c - RING_MARGIN + 1e-9) out.push(`${p.id} outside the drawing`);
  }
  const centreNode = placed.find((p) => p.layer === 0);
  if (!centreNode || centreNode.id !== centre || centreNode.x !== c || centreNode.y !== c) out.push('the centre is not in the middle');
  const at = new Map(placed.map((p) => [p.id, p]));
  for (const e of edges) {
    const a = at.get(e.source);
    const b = at.get(e.target);
    if ((a === undefined) !== (b === undefined)) out.push(`edge ${e.source}–${e.target} has one end drawn and not the other`);
    if (a && b && Math.abs(a.layer - b.layer) > 1) out.push(`edge ${e.source}–${e.target} skips a circle`);
  }
  return out;
}

/** A network of up to four circles (the page asks for 1 to 3 steps), at most `perRing` nodes on each, plus nodes the centre cannot reach. */
const arbNetwork = (perRing: number) =>
  fc
    .record({
      rings: fc.array(fc.integer({ min: 1, max: perRing }), { minLength: 1, maxLength: 3 }),
      seed: fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
      lonely: fc.integer({ min: 0, max: 3 }),
    })
    .map(({ rings, seed, lonely }) => {
      let s = 0;
      const pick = (n: number) => seed[s++ % seed.length]! % n;
      const layers: string[][] = [['c']];
      const edges: LayoutEdge[] = [];
      rings.forEach((size, k) => {
        const ring = Array.from({ length: size }, (_, i) => `r${k + 1}n${i}`);
        const parents = layers[k]!;
        for (const id of ring) edges.push(pick(2) ? { source: parents[pick(parents.length)]!, target: id } : { source: id, target: parents[pick(parents.length)]! });
        layers.push(ring);
      });
      // more relations, never between circles two apart (that would move a node inwards)
      for (let i = 0; i < pick(20); i++) {
        const k = 1 + pick(layers.length - 1);
        const other = layers[k - 1 + pick(2)]!;
        edges.push({ source: layers[k]![pick(layers[k]!.length)]!, target: other[pick(other.length)]! });
      }
      const nodes: Node[] = [...layers.flat(), ...Array.from({ length: lonely }, (_, i) => `alone${i}`)].map((id) => ({ id }));
      if (lonely > 1) edges.push({ source: 'alone0', target: 'alone1' });
      return { nodes, edges };
    });

describe('the network drawing', () => {
  test('draws each node reachable from the centre once, on its circle, inside the drawing', () => {
    fc.assert(
      fc.property(arbNetwork(40), ({ nodes, edges }) => {
        assert.deepEqual(problems(nodes, edges, 'c'), []);
      }),
    );
  });

  test('gives the same drawing whatever the order of the nodes and the relations', () => {
    fc.assert(
      fc.property(
        arbNetwork(40).chain(({ nodes, edges }) => fc.tuple(fc.constant({ nodes, edges }), fc.shuffledSubarray(nodes, { minLength: nodes.length }), fc.shuffledSubarray(edges, { minLength: edges.length }))),
        ([{ nodes, edges }, shuffledNodes, shuffledEdges]) => {
          const flipped = shuffledEdges.map((e, i) => (i % 2 ? { source: e.target, target: e.source } : e));
          assert.deepEqual(positions(radialLayout(shuffledNodes, flipped, 'c', SIZE)), positions(radialLayout(nodes, edges, 'c', SIZE)));
        },
      ),
    );
  });

  test('puts no two nodes on top of each other while each circle holds at most 16', () => {
    fc.assert(
      fc.property(arbNetwork(16), ({ nodes, edges }) => {
        const placed = radialLayout(nodes, edges, 'c', SIZE);
        for (let i = 0; i < placed.length; i++)
          for (let j = i + 1; j < placed.length; j++) {
            const [a, b] = [placed[i]!, placed[j]!];
            const room = (a.layer === 0 ? CENTRE_R : NODE_R) + (b.layer === 0 ? CENTRE_R : NODE_R);
            assert.ok(Math.hypot(a.x - b.x, a.y - b.y) >= room, `${a.id} and ${b.id} overlap`);
          }
      }),
    );
  });

  test('on the bundled lists: every listed entity’s network, 1 to 3 steps, drawn whole and the same when the lists are reversed', () => {
    const ds = loadBundledSanctions();
    const listed = ds.entities.filter((e) => e.status === 'listed');
    assert.ok(listed.length > 100);
    const found: string[] = [];
    for (const e of listed)
      for (const depth of [1, 2, 3]) {
        const net = network(ds, e.id, depth)!;
        found.push(...problems(net.nodes, net.edges, e.id).map((p) => `${e.id}, ${depth} steps: ${p}`));
        // the server's answer holds the centre's neighbourhood only: every node in it is drawn
        assert.equal(radialLayout(net.nodes, net.edges, e.id, SIZE).length, net.nodes.length);
        assert.deepEqual(positions(radialLayout([...net.nodes].reverse(), [...net.edges].reverse(), e.id, SIZE)), positions(radialLayout(net.nodes, net.edges, e.id, SIZE)));
      }
    assert.deepEqual(found, []);
  });

  test('names: the first words up to about 24 letters, placed outside the circle, away from the centre', () => {
    assert.equal(shortName('Mohammad Hassan Akhund son of Abdul'), 'Mohammad Hassan Akhund');
    assert.equal(shortName('Haqqani'), 'Haqqani');
    const c = SIZE / 2;
    assert.deepEqual(labelAt({ x: c, y: c, layer: 0 }, c), { x: c, y: c + 28, 'text-anchor': 'middle' });
    assert.equal(labelAt({ x: c + 200, y: c, layer: 1 }, c)['text-anchor'], 'start');
    assert.equal(labelAt({ x: c - 200, y: c, layer: 1 }, c)['text-anchor'], 'end');
    assert.ok(labelAt({ x: c, y: c - 200, layer: 1 }, c).y < c - 200, 'a node above the centre has its name above it');
  });
});
