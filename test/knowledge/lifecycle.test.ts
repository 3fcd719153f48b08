import { describe, expect, it } from 'vitest';
import { imageLifecycle, LIFECYCLE_CHECKED, PRODUCTS } from '../../src/knowledge/lifecycle.js';

describe('lifecycle table', () => {
  it('is dated and every product names its source; lines are newest first', () => {
    expect(LIFECYCLE_CHECKED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const p of PRODUCTS) {
      expect(p.source.length, p.id).toBeGreaterThan(10);
      const versions = p.lines.map((l) => l.line.split('.').map(Number));
      for (let i = 1; i < versions.length; i++) {
        const [a, b] = [versions[i - 1] ?? [], versions[i] ?? []];
        expect((a[0] ?? 0) * 1000 + (a[1] ?? 0), p.id).toBeGreaterThan((b[0] ?? 0) * 1000 + (b[1] ?? 0));
      }
      for (const l of p.lines) expect(l.eol, `${p.id} ${l.line}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it.each([
    ['java:8-jre', true, undefined],
    ['openjdk:8-jdk-alpine', true, undefined],
    ['microsoft/aspnetcore:2.0', true, undefined],
    ['mcr.microsoft.com/dotnet/aspnet:7.0', true, '7.0'],
    ['node:18-alpine', true, '18'],
    ['node:14', true, undefined],
    ['python:3.8-slim', true, undefined],
    ['mysql:5.6', true, '5.6'],
    ['mongo:4.4.0', true, '4.4'],
    ['mongo:3.4', true, undefined],
    ['bitnami/mongodb:5.0.24', true, '5.0'],
    ['postgres:12-alpine', true, undefined],
    ['postgres:9.6', true, undefined],
    ['rabbitmq:3.6.8-management', true, undefined],
    ['ubuntu:18.04', true, '18.04'],
    ['alpine:3.12', true, undefined],
    ['mongo:8.0', false, '8.0'],
    ['postgres:17-alpine', false, '17'],
    ['eclipse-temurin:21-jre', false, '21'],
    ['node:24-alpine', false, '24'],
    ['alpine:3.22', false, '3.22'],
  ])('%s: end of life %s (line %s)', (image, eol, line) => {
    const life = imageLifecycle(image);
    expect(life?.endOfLife).toBe(eol);
    expect(life?.line?.line).toBe(line);
  });

  it('says nothing about images without a version or of products it does not track', () => {
    expect(imageLifecycle('mongo')).toBeUndefined();
    expect(imageLifecycle('redis:alpine')).toBeUndefined();
    expect(imageLifecycle('weaveworksdemos/carts:0.4.8')).toBeUndefined();
    expect(imageLifecycle('redis:5.0')).toBeUndefined(); // older Redis lines are not tracked
  });
});
