import { describeMongoUri, parseMongoUri } from './mongodb-uri';

describe('parseMongoUri', () => {
  it.each([
    'mongodb://127.0.0.1:27017/docbook?replicaSet=rs0',
    'mongodb://user:p%40ss@db1.example:27017,db2.example:27018/docbook',
    'mongodb://localhost',
    'mongodb://[::1]:27017/?directConnection=true',
    'mongodb+srv://user:secret@cluster0.example.net/docbook?retryWrites=true',
  ])('accepts %s', (uri) => {
    expect(typeof parseMongoUri(uri)).toBe('object');
  });

  it.each([
    ['notaurl', /mongodb:\/\//],
    ['http://localhost:27017', /mongodb:\/\//],
    ['mongodb://', /no host/],
    ['mongodb:///docbook', /no host/],
    ['mongodb://host:99999/db', /invalid port/],
    ['mongodb://ho st/db', /invalid host/],
    ['mongodb+srv://cluster.example.net:27017/db', /without a port/],
    ['mongodb+srv://a.example,b.example/db', /exactly one host/],
  ])('rejects %s', (uri, problem) => {
    expect(parseMongoUri(uri)).toMatch(problem);
  });
});

describe('describeMongoUri', () => {
  it('names hosts and database without the credentials or options', () => {
    const text = describeMongoUri('mongodb://admin:s3cret@db1:27017,db2/docbook?authSource=admin');
    expect(text).toBe('db1:27017,db2:27017 (database docbook)');
    expect(text).not.toContain('s3cret');
  });

  it('says when no database is named (the driver uses "test")', () => {
    expect(describeMongoUri('mongodb://127.0.0.1:9')).toBe('127.0.0.1:9 (database test)');
  });
});
