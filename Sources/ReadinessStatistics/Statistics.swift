/// Pure statistical functions used by scoring, benchmarks, reliability and change.
///
/// Every function takes values and returns values: no IO, no shared state. Expected
/// values in the tests come from SciPy and NumPy (`tools/fixtures/statistics.py`).
public enum Statistics {}
