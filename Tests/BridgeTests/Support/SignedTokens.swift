/// Tokens signed offline (Python `hmac`) with ``secret``, so algorithms and claims the bridge
/// must refuse can be built without a JWT library. `exp` is 2100-01-01 unless the name says so.
enum SignedTokens {
    static let secret = "unit-test-secret-0123456789abcdef"

    /// sub "5", roles admin and technician, name "Ann".
    static let valid = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1Iiwicm9sZXMiOlsiYWRtaW4iLCJ0ZWNobmljaWFuIl0sImV4cCI6NDEwMjQ0NDgwMCwibmFtZSI6IkFubiJ9.XfbhuaaJ1ah7fXWTTYM2w6H-1HNGOs0yI8RVUa6PTmg"
    /// sub 5 as a number, no roles
    static let integerSub = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOjUsImV4cCI6NDEwMjQ0NDgwMH0.XN0jyuIq8Mq-gOi1YhvEDWTcSr8JsTiFQozPYVNxJNg"
    /// nbf 2000-01-01
    static let pastNbf = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1IiwiZXhwIjo0MTAyNDQ0ODAwLCJuYmYiOjk0NjY4NDgwMH0.ZsrAnSVZ6ZmkcSdTrKwiQeZNfHl6QOz4x-341cRHKas"
    /// HS384 with the right secret
    static let hs384 = "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1IiwiZXhwIjo0MTAyNDQ0ODAwfQ.KyawzR5zhcO4fHMoXjaghCY6S7MyLDVKiRiOT6i1ypSakgHGxCotrVgpGgfBh3Ol"
    /// HS512 with the right secret
    static let hs512 = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1IiwiZXhwIjo0MTAyNDQ0ODAwfQ.rtXYO7A6TY323OsY9fU11kQXVWVq6IKOeiurrunC_fb4q_dFWGGV-xjEXWUvnm17k3fx7fnVFf3vIca93qmi8Q"
    /// alg none, no signature
    static let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiI1IiwiZXhwIjo0MTAyNDQ0ODAwfQ."
    /// HS256 with another secret
    static let wrongKey = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1IiwiZXhwIjo0MTAyNDQ0ODAwfQ.PlC-EY9nFd57xSU7u-Pgn3bbTU4SDhgAwou0tbg06m0"
    static let noExp = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1In0.K4-zhHKgro69U4ECowYEw6BW2_KGOpraBPNYZ6CJ0og"
    static let noSub = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjQxMDI0NDQ4MDAsInJvbGVzIjpbImFkbWluIl19.Yld_v_NQje8QDlUE2gwT6dpO1lcnB5CRnDLgyL7M5Cw"
    static let emptySub = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIiLCJleHAiOjQxMDI0NDQ4MDB9.ChNwVuE8eNptJKVcI7EGHuXwMeeVyhr6uuSgV_Hf5kE"
    static let objectSub = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOnsiaWQiOjV9LCJleHAiOjQxMDI0NDQ4MDB9.2t8tpip_39wJZJ0fLzNr4Cdo59wZkpj4EHk2FB0Lnog"
    /// nbf 2099-12-31
    static let futureNbf = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1IiwiZXhwIjo0MTAyNDQ0ODAwLCJuYmYiOjQxMDI0NDQ3OTB9.QJeOo8PN5JPaIwOKoJGD3fowPh46oL098PI5pB8WNLw"
    /// exp 2000-01-01
    static let expired = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1IiwiZXhwIjo5NDY2ODQ4MDB9.gmedrlR-MVVbao2OyOjJPYLugvepAFZtx3-NqW2LuPk"
    /// technician's signature over roles [admin]
    static let tamperedPayload = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1Iiwicm9sZXMiOlsiYWRtaW4iXSwiZXhwIjo0MTAyNDQ0ODAwfQ.WK4DV4AEYCG4LE5-nUUyK_p_X_mHfGlDQyo0jy3eQ4s"
    /// first signature character changed
    static let tamperedSignature = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1Iiwicm9sZXMiOlsidGVjaG5pY2lhbiJdLCJleHAiOjQxMDI0NDQ4MDB9.AK4DV4AEYCG4LE5-nUUyK_p_X_mHfGlDQyo0jy3eQ4s"
    /// HS256 header, empty signature
    static let noSignature = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1Iiwicm9sZXMiOlsidGVjaG5pY2lhbiJdLCJleHAiOjQxMDI0NDQ4MDB9."
}
