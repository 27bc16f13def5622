/// A JSON `null` inside a credentials file read as a loose tree (`JSONAnyTree`), kept so that
/// writing the file back leaves it where it was.
struct JSONNull: Equatable {}
