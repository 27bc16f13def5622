import WasmPackOCI

/// The live part of a progress display on a terminal: a line per blob in flight and the build's
/// line, redrawn in place below everything already printed. It only computes the bytes to write
/// (ANSI cursor movement and, when allowed, colour); `ProgressDisplay` writes them.
struct LiveScreen: Sendable {
    struct Blob: Sendable {
        let descriptor: Descriptor
        var done: Int64 = 0
        /// The first byte count seen and when: the rate counts from there, so the existence
        /// check and the upload session's set-up do not make it look slow.
        var first: (at: ContinuousClock.Instant, done: Int64)?
    }

    /// Columns of the terminal; live lines stay shorter, as a wrapped line would break the redraw.
    var width: Int
    /// Rows of the terminal: cursor movement cannot reach above the top row, so the live lines
    /// stay fewer than this (many blobs at once end in a "… more" line).
    var height = 24
    let colour: Bool
    /// "Pushing" or "Pulling".
    let verb: String
    private(set) var blobs: [Blob] = []
    /// The file being packed while a build runs ("" before the first); nil when no build runs.
    var building: String?
    var layersWritten = 0
    /// Live lines on screen now, all ending in a newline: the cursor is at the start of the line below.
    private var shownLines = 0

    init(width: Int, colour: Bool, verb: String) {
        self.width = width
        self.colour = colour
        self.verb = verb
    }

    mutating func resize(to size: (columns: Int, rows: Int)) {
        width = size.columns
        if size.rows > 0 { height = size.rows }
    }

    mutating func start(_ blob: Descriptor) {
        guard !blobs.contains(where: { $0.descriptor.digest == blob.digest }) else { return }
        blobs.append(Blob(descriptor: blob))
    }

    mutating func progress(_ digest: Digest, done: Int64, at now: ContinuousClock.Instant) {
        guard let index = blobs.firstIndex(where: { $0.descriptor.digest == digest }) else { return }
        // A retried transfer starts again: so does its rate.
        if blobs[index].first == nil || done < blobs[index].done { blobs[index].first = (now, done) }
        blobs[index].done = done
    }

    mutating func end(_ digest: Digest) {
        blobs.removeAll { $0.descriptor.digest == digest }
    }

    /// Erases the live lines, prints `lines` where they were (they stay, scrolling up as a plain
    /// log would), then draws the live lines again under them.
    mutating func redraw(printing lines: [String] = [], at now: ContinuousClock.Instant) -> String {
        var text = ""
        if shownLines > 0 { text += "\r\u{1B}[\(shownLines)A\u{1B}[J" }
        for line in lines { text += line + "\n" }
        let live = liveLines(at: now)
        for line in live { text += line + "\n" }
        shownLines = live.count
        return text
    }

    /// Leaves whatever is drawn on screen (where an interrupted or failed command stopped).
    mutating func release() { shownLines = 0 }

    func painted(_ text: String, _ sgr: String) -> String {
        colour ? "\u{1B}[\(sgr)m" + text + "\u{1B}[0m" : text
    }

    private func liveLines(at now: ContinuousClock.Instant) -> [String] {
        var lines: [String] = []
        if let building {
            let layers = layersWritten == 1 ? "1 layer" : "\(layersWritten) layers"
            let file = building.isEmpty ? "" : " packing \(building)"
            lines.append(fitted("Building…", "\(file) (\(layers) written)"))
        }
        let room = max(height - 1, 2) - lines.count
        let shown = blobs.count > room ? max(room - 1, 0) : blobs.count
        for blob in blobs.prefix(shown) { lines.append(line(for: blob, at: now)) }
        if shown < blobs.count { lines.append(fitted("…", " \(blobs.count - shown) more blobs in flight")) }
        return lines
    }

    private func line(for blob: Blob, at now: ContinuousClock.Instant) -> String {
        let total = blob.descriptor.size
        let done = min(blob.done, total)
        let percent = total > 0 ? Int(done * 100 / total) : 100
        var figures = "\(Inspect.byteCount(done)) / \(Inspect.byteCount(total))  \(percent)%"
        if let first = blob.first {
            let seconds = Self.seconds(now - first.at)
            // Under half a second of samples makes a rate that jumps about.
            if seconds >= 0.5, done > first.done {
                let rate = Double(done - first.done) / seconds
                figures += "  \(Inspect.byteCount(Int64(rate)))/s  ETA \(Self.duration(Double(total - done) / rate))"
            }
        }
        let head = "\(verb) \(TransferProgress.short(blob.descriptor.digest))"
        // A bar only where it fits beside the figures.
        let room = width - 1 - head.count - figures.count - 6
        if room >= 10 {
            let cells = min(room, 40)
            let filled = total > 0 ? Int(Int64(cells) * done / total) : cells
            let bar = "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: cells - filled) + "]"
            return fitted(head, "  \(bar)  \(figures)")
        }
        return fitted(head, "  " + figures)
    }

    /// `head` (coloured) and `rest`, cut to fit the width without wrapping.
    private func fitted(_ head: String, _ rest: String) -> String {
        let limit = max(width - 1, 10)
        if head.count >= limit { return painted(String(head.prefix(limit)), "36") }
        let tail = rest.count > limit - head.count ? String(rest.prefix(limit - head.count - 1)) + "…" : rest
        return painted(head, "36") + tail
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// 7s, 2m05s, 1h02m.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m" + (whole % 60 < 10 ? "0" : "") + "\(whole % 60)s" }
        let minutes = (whole % 3600) / 60
        return "\(whole / 3600)h" + (minutes < 10 ? "0" : "") + "\(minutes)m"
    }
}
