// The world map, drawn once on the server from Natural Earth's 1:110m countries
// (the world-atlas package, public domain data): SVG paths in an Equal Earth
// projection, rounded to one decimal. No tile server, nothing fetched from anyone.
// Small countries absent at that scale (e.g. Bahrain, Singapore) appear in the table only.
import { createRequire } from 'node:module';
import { geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { alpha2OfNumeric } from './countries.ts';

const require = createRequire(import.meta.url);
const BY_NAME: Record<string, string> = { Kosovo: 'XK' };

export interface WorldMap {
  width: number;
  height: number;
  shapes: { code: string | null; name: string; d: string }[];
}

let cached: WorldMap | undefined;

export function worldMap(): WorldMap {
  if (cached) return cached;
  const topology = require('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const all = feature(topology, topology.objects.countries);
  const countries = { ...all, features: all.features.filter((f) => f.properties?.name !== 'Antarctica') };
  const width = 960;
  const height = 420;
  const projection = geoEqualEarth().fitSize([width, height], countries);
  const path = geoPath(projection).digits(1);
  const shapes = countries.features
    .map((f) => ({ code: (f.id !== undefined ? alpha2OfNumeric(String(f.id)) : undefined) ?? BY_NAME[f.properties?.name ?? ''] ?? null, name: f.properties?.name ?? '', d: path(f) ?? '' }))
    .filter((s) => s.d !== '');
  cached = { width, height, shapes };
  return cached;
}
