import Foundation

/// The processes of one test service and the folder they work in, stopped and removed together:
/// by `stop()`, or when the owner (TestRegistry, FaultProxy) is released.
final class ServiceGroup: @unchecked Sendable {
    let directory: WorkDirectory
    private let lock = NSLock()
    private var services: [ServiceProcess] = []
    private var stopped = false

    /// A group working in a fresh temporary folder named after `label`.
    init(label: String) throws {
        directory = try WorkDirectory(label: label)
    }

    /// Starts a service of the group (see `ServiceProcess.init`).
    func start(_ name: String, script: String, arguments: [String]) throws -> ServiceProcess {
        let service = try ServiceProcess(name: name, script: script, arguments: arguments, in: directory)
        lock.withLock { services.append(service) }
        return service
    }

    deinit {
        stop()
    }

    /// Safe to call more than once.
    func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            // The last started first: a front end (the registry) before what it uses (its token service).
            services.reversed().forEach { $0.stop() }
            directory.remove()
        }
    }

    /// The end of each service's log, to attach to a failing expectation.
    var logTail: String {
        lock.withLock { services }.map { "== \($0.name)\n\($0.logTail)" }.joined(separator: "\n")
    }
}
