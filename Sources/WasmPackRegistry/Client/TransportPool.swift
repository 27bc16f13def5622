#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// Idle libcurl handles, so each worker thread borrows one and its kept-alive connections are reused.
final class TransportPool: @unchecked Sendable {
    // @unchecked: `idle` is only touched under `lock`, and a borrowed transport belongs to one thread.
    private let lock = SystemLock()
    private var idle: [HTTPTransport] = []
    private let configuration: TransportConfiguration

    init(configuration: TransportConfiguration) {
        self.configuration = configuration
    }

    func withTransport<Result>(_ body: (HTTPTransport) throws(RegistryError) -> Result) throws(RegistryError) -> Result {
        let transport: HTTPTransport
        lock.lock()
        let reused = idle.popLast()
        lock.unlock()
        if let reused {
            transport = reused
        } else {
            do { transport = try HTTPTransport(configuration: configuration) } catch { throw .transport(error) }
        }
        defer {
            lock.lock()
            idle.append(transport)
            lock.unlock()
        }
        return try body(transport)
    }
}
