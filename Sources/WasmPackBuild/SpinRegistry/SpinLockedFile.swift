/// One file of a component in the locked app: its path below the mount root (forward slashes,
/// no leading `/`, as Spin's walk of the copied mount gives it) and its content.
struct SpinLockedFile: Equatable {
    var path: String
    var content: SpinContentRef
}
