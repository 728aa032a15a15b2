/// The secret the fuzz targets' bridge signs and verifies session tokens with; the seed tokens
/// in `Fuzz/corpus` are signed with it.
public enum FuzzKeys {
    public static let secret = "fuzz-secret-0123456789abcdef0123"
}
