/**
 * The safety-critical example (examples/design/drone-delivery.yaml): the design keeps command and telemetry
 * apart, puts devices on a broker with admission control instead of 429s, counts every synchronous external
 * provider in the availability of the path that calls it, and sizes telemetry storage by volume × retention.
 */
import { describe, expect, it } from 'vitest';
import { renderDesign } from '../../src/design/index.js';
import { designExample } from './helpers.js';

const d = designExample('drone-delivery');
const deployableOf = (context: string) => d.deployables.find((x) => x.contexts.includes(context))!;

describe('drone delivery: a safety-critical design', () => {
  it('runs the command uplink and the telemetry ingest in separate deployables, each for its own reason', () => {
    expect(deployableOf('command').name).not.toBe(deployableOf('telemetry').name);
    expect(deployableOf('command').contexts).toEqual(['command']);
    const groups = Object.fromEntries(d.boundaries.map((g) => [g.name, g.deployRule]));
    expect(groups.command).toBe('deploy/command-path');
    expect(groups.telemetry).toBe('deploy/device-telemetry');
  });

  it('takes device traffic over MQTT, with the command deadline as message expiry, and people over REST', () => {
    const ingress = Object.fromEntries(d.deployables.flatMap((x) => x.ingress.map((i) => [i.capability, i])));
    expect(ingress['ingest-telemetry']?.protocol).toMatch(/^MQTT 5/);
    expect(ingress['send-command']?.protocol).toMatch(/message expiry = deadline/);
    expect(ingress['send-command']?.because).toMatch(/500 ms/);
    expect(ingress['plan-mission']?.protocol).toMatch(/^REST/);
    expect(ingress['track-delivery']?.protocol).toMatch(/WebSocket/);
  });

  it('never answers devices with 429: admission control at the broker, commands never shed', () => {
    const text = d.risks.map((r) => `${r.risk} ${r.countermeasure}`).join('\n');
    expect(text).not.toMatch(/shed load with 429/);
    expect(text).toMatch(/admission control at the ingest broker/);
    expect(text).toMatch(/commands keep their own capacity and are never shed/);
    expect(text).toMatch(/Fail-safe defaults/);
    const controls = d.technology.security.flatMap((s) => s.controls).join('\n');
    expect(controls).toMatch(/X\.509 client certificate each/);
  });

  it('counts both synchronous providers in the mission path and shows what taking them off it buys', () => {
    const mission = d.math.availabilityPaths.find((p) => p.capability === 'plan-mission')!;
    expect(mission.externals).toEqual(['utm-provider', 'weather-api']);
    const externals = mission.math.proposed.components.filter((c) => c.kind === 'external');
    expect(externals.map((c) => [c.name, c.availability])).toEqual([
      ['utm-provider', 0.999],
      ['weather-api', 0.995],
    ]);
    expect(mission.math.met).toBe(false);
    expect(mission.math.proposed.composite).toBeLessThan(0.995);
    expect(mission.math.externalFixes?.at(-1)).toMatch(
      /all 2 external providers off the synchronous path .*meets the target/,
    );
    // the binding path is the headline figure, and the other critical paths are computed too
    expect(d.math.availability.proposed.composite).toBe(mission.math.proposed.composite);
    expect(d.math.availabilityPaths.map((p) => p.capability).sort()).toEqual([
      'ingest-telemetry',
      'plan-mission',
      'send-command',
    ]);
    // an unreachable path does not inflate every deployable to the replica cap
    expect(
      Math.max(...d.deployables.filter((x) => x.name !== 'telemetry').map((x) => x.replicas)),
    ).toBeLessThan(10);
    const report = renderDesign(d, 'md');
    expect(report).toMatch(/Composite availability of each critical path \(3\)/);
    expect(report).toMatch(/weather-api \(99\.5%\) on the synchronous path/);
  });

  it('sizes telemetry by messages × retention with a hot tier in the database and the rest archived', () => {
    const t = d.math.retention.find((r) => r.scope === 'telemetry')!;
    expect(t.dailyGb).toBeCloseTo((12_000 * 86_400 * 200) / 1e9, 6);
    expect(t.hotDays).toBe(7);
    expect(t.hotGb).toBeGreaterThan(3_000);
    expect(t.coldGb).toBeGreaterThan(7_000);
    expect(d.math.cost.shown).toMatch(/\(archive\)/);
  });
});
