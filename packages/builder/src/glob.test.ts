import { describe, expect, it } from 'vitest'
import { selectFiles } from './file-set.js'
import { globToRegExp } from './glob.js'
import { files } from './__tests__/run.js'

describe('globToRegExp', () => {
  const table: [string, string, boolean][] = [
    ['dist', 'dist/a.js', true],
    ['dist', 'dist/a/b.js', true],
    ['dist', 'distribution/a.js', false],
    ['./dist/', 'dist/a.js', true],
    ['/dist', 'dist/a.js', true],
    ['*.js', 'a.js', true],
    ['*.js', 'lib/a.js', false],
    ['lib/*.js', 'lib/a.js', true],
    ['lib/*.js', 'lib/sub/a.js', false],
    ['lib/**/*.js', 'lib/a.js', true],
    ['lib/**/*.js', 'lib/sub/deep/a.js', true],
    ['**/test', 'src/test/a.js', true],
    ['**/test', 'test/a.js', true],
    ['**/*.test.js', 'a/b.test.js', true],
    ['a?.js', 'ab.js', true],
    ['a?.js', 'a/.js', false],
    ['a.b+c', 'a.b+c', true],
    ['a.b+c', 'axb+c', false],
  ]
  it.each(table)('%j matches %j: %s', (pattern, path, expected) => {
    expect(globToRegExp(pattern).test(path)).toBe(expected)
  })
})

describe('selectFiles', () => {
  const all = files({ 'package.json': '{}', 'src/a.js': '', 'src/test/t.js': '', 'README.md': '', 'lib/b.js': '' })
  const table: [string, { files?: string[]; ignore?: string[]; lib?: string }, string[]][] = [
    ['nothing set: every file', {}, ['package.json', 'src/a.js', 'src/test/t.js', 'README.md', 'lib/b.js']],
    ['files keeps what it matches, and package.json', { files: ['src'] }, ['package.json', 'src/a.js', 'src/test/t.js']],
    ['ignore drops what it matches', { ignore: ['src/test', '*.md'] }, ['package.json', 'src/a.js', 'lib/b.js']],
    ['lib re-roots, after files and ignore', { ignore: ['src/test/**'], lib: 'src' }, ['a.js']],
  ]
  it.each(table)('%s', (_, config, expected) => {
    expect([...selectFiles(all, { files: config.files, ignore: config.ignore, lib: config.lib }).keys()]).toEqual(expected)
  })
})
