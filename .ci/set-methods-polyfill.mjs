// Preloaded by .ci/pipeline-local: gitlab-ci-local 4.75 calls Set.prototype.union (Node 22+);
// these methods are missing on Node 20, where it crashes at start-up without them.
const P = Set.prototype;
const def = (n, f) => { if (!P[n]) Object.defineProperty(P, n, { value: f, writable: true, configurable: true }); };
def('union', function (o) { const r = new Set(this); for (const v of o.keys()) r.add(v); return r; });
def('intersection', function (o) { const r = new Set(); for (const v of this) if (o.has(v)) r.add(v); return r; });
def('difference', function (o) { const r = new Set(); for (const v of this) if (!o.has(v)) r.add(v); return r; });
def('symmetricDifference', function (o) { const r = new Set(this); for (const v of o.keys()) { if (this.has(v)) r.delete(v); else r.add(v); } return r; });
def('isSubsetOf', function (o) { for (const v of this) if (!o.has(v)) return false; return true; });
def('isSupersetOf', function (o) { for (const v of o.keys()) if (!this.has(v)) return false; return true; });
def('isDisjointFrom', function (o) { for (const v of this) if (o.has(v)) return false; return true; });
