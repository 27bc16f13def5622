/// One element of a component's `files` array, as written.
// formats.md 6.2/6.3: a string (glob or path, mounted at the same relative path) or
// `{ source, destination }` (a file or a directory mounted at `destination`).
enum FilesEntry: Equatable {
    case pattern(String)
    case mount(source: String, destination: String)
}
