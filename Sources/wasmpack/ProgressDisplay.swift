import Synchronization
import WasmPackBuild
import WasmPackOCI
import WasmPackRegistry

/// Progress and messages on stderr for one command, from the library's events.
///
/// Live (a terminal): a line per blob in flight (bytes done / total, rate, ETA) and a
/// "Building…" line naming the file being packed, redrawn in place; finished blobs, manifests,
/// messages and warnings are printed above the live lines and stay. Plain (a pipe, CI, TERM=dumb):
/// a line when each blob starts and when it ends, and every message. None: no progress.
///
/// While a display is active it owns stderr: `Output.message` and `Output.warning` go through it,
/// so nothing printed from another thread lands in the middle of a redraw. Events come from
/// several worker threads at once; one lock orders state changes and writes.
final class ProgressDisplay: Sendable {
    enum Style: Equatable, Sendable {
        case live(colour: Bool)
        case plain
        case none
    }

    enum Activity: Sendable {
        case push, pull, copy, build

        /// The word a blob's start line and live line begin with.
        var verb: String {
            switch self {
            case .pull: "Pulling "
            case .copy: "Copying "
            case .push, .build: "Pushing "
            }
        }
    }

    /// The display that owns stderr now, if any.
    static var active: ProgressDisplay? { current.withLock { $0 } }
    private static let current = Mutex<ProgressDisplay?>(nil)

    /// Byte counts redraw the screen at most this often; starts, ends and messages redraw at once.
    static let redrawInterval = Duration.milliseconds(100)

    let style: Style
    /// `-q`: messages are dropped too (warnings and errors are not).
    let quiet: Bool
    let activity: Activity

    private struct State: Sendable {
        var screen: LiveScreen
        var lastDraw: ContinuousClock.Instant?
        var finished = false
    }

    private let state: Mutex<State>

    init(style: Style, quiet: Bool, activity: Activity) {
        self.style = style
        self.quiet = quiet
        self.activity = activity
        var colour = false
        if case .live(let allowed) = style { colour = allowed }
        var screen = LiveScreen(
            width: Terminal.environment("COLUMNS").flatMap { Int($0) } ?? 80, colour: colour, verb: activity.verb)
        if let size = Terminal.stderrSize { screen.resize(to: size) }
        state = Mutex(State(screen: screen))
        Self.current.withLock { $0 = self }
    }

    private var isLive: Bool { if case .live = style { true } else { false } }

    /// Ends the display: what the live lines show now stays on screen (where a failed or
    /// interrupted command stopped), and stderr is free again for the error report.
    func finish() {
        state.withLock { state in
            state.finished = true
            state.screen.release()
        }
        Self.current.withLock { if $0 === self { $0 = nil } }
    }

    /// For the library's `progress:` parameters.
    var transferEvents: @Sendable (TransferEvent) -> Void { { [self] event in transfer(event) } }
    var buildEvents: @Sendable (BuildEvent) -> Void { { [self] event in build(event) } }

    func transfer(_ event: TransferEvent) {
        switch style {
        case .none:
            return
        case .plain:
            guard let line = TransferProgress.line(for: event, activity: activity) else { return }
            write(ErrorReport.escaped(line) + "\n")
        case .live:
            let now = ContinuousClock.now
            state.withLock { state in
                guard !state.finished else { return }
                switch event {
                case .blobStarted(let blob):
                    state.screen.start(blob)
                    draw(&state, at: now)
                case .blobProgress(let digest, let done, _):
                    state.screen.progress(digest, done: done, at: now)
                    if let last = state.lastDraw, now - last < Self.redrawInterval { return }
                    draw(&state, at: now)
                case .blobExists(let blob), .blobMounted(let blob, _), .blobUploaded(let blob), .blobDownloaded(let blob),
                     .blobCopied(let blob), .blobPresent(let blob):
                    state.screen.end(blob.digest)
                    draw(&state, printing: finalLine(event, screen: state.screen), at: now)
                case .manifestPushed, .manifestExists, .manifestPulled:
                    draw(&state, printing: finalLine(event, screen: state.screen), at: now)
                }
            }
        }
    }

    func build(_ event: BuildEvent) {
        guard isLive else { return }
        let now = ContinuousClock.now
        state.withLock { state in
            guard !state.finished else { return }
            // The first file named is drawn at once too: buildStarted drew only the bare phase line.
            let first = state.screen.building?.isEmpty ?? true
            switch event {
            case .packing(let path): state.screen.building = ErrorReport.escaped(path)
            case .layerWritten: state.screen.layersWritten += 1
            }
            // The phase shows at once, however short the build; the files it packs as time allows.
            if !first, let last = state.lastDraw, now - last < Self.redrawInterval { return }
            draw(&state, at: now)
        }
    }

    /// Before the first packed file: the "Building…" line appears while spin.toml is read and checked.
    func buildStarted() {
        guard isLive else { return }
        state.withLock { state in
            guard !state.finished, state.screen.building == nil else { return }
            state.screen.building = ""
            draw(&state, at: .now)
        }
    }

    /// The build is over: its line goes, and the "Built …" message takes its place.
    func buildEnded() {
        guard isLive else { return }
        state.withLock { state in
            guard !state.finished, state.screen.building != nil else { return }
            state.screen.building = nil
            state.screen.layersWritten = 0
            draw(&state, at: .now)
        }
    }

    /// A message already escaped to one line; dropped with `-q`.
    func message(_ line: String) {
        guard !quiet else { return }
        print(line)
    }

    /// A warning (or an interrupt's last word) already escaped to one line; printed even with `-q`.
    func notice(_ line: String) {
        print(line, sgr: "33")
    }

    private func print(_ line: String, sgr: String? = nil) {
        guard isLive else {
            write(line + "\n")
            return
        }
        state.withLock { state in
            guard !state.finished else {
                write(line + "\n")
                return
            }
            draw(&state, printing: [sgr.map { state.screen.painted(line, $0) } ?? line], at: .now)
        }
    }

    private func finalLine(_ event: TransferEvent, screen: LiveScreen) -> [String] {
        guard let line = TransferProgress.line(for: event, activity: activity) else { return [] }
        return [screen.painted(ErrorReport.escaped(line), "32")]
    }

    private func draw(_ state: inout State, printing lines: [String] = [], at now: ContinuousClock.Instant) {
        // The terminal may have been resized since the last frame.
        if let size = Terminal.stderrSize { state.screen.resize(to: size) }
        state.lastDraw = now
        write(state.screen.redraw(printing: lines, at: now))
    }

    private func write(_ text: String) {
        FileHandleStderr.write(text)
    }
}
