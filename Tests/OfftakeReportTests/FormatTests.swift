import Testing
import SnapshotTesting
import SwiftCSV
@testable import OfftakeReport
