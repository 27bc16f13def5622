import Foundation
import WasmPackBuild

/// Collects build events; `BuildOptions.progress` is `@Sendable`, so the log must be too.
final class BuildEventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [BuildEvent] = []

    func record(_ event: BuildEvent) {
        lock.withLock { events.append(event) }
    }

    var all: [BuildEvent] { lock.withLock { events } }
}
