//! A report with 1,000 deliberations, 300 participants and 40 delegates in every format.
//! Prints the time per format; in a release build the total must stay under 2 s.

use std::time::{Duration, Instant};

use conferencia_reports::{Format, large_sample, render};

#[test]
fn thousand_deliberations_in_every_format() {
    let report = large_sample(1000);
    assert_eq!(report.deliberations().count(), 1000);
    assert_eq!(report.delegation.delegates.len(), 40);
    assert_eq!(report.general.total_participants, 300);
    // Warm the typst world (fonts, library) so the figure is per report.
    render(&domain::report::Report::sample(), Format::Pdf).expect("warm-up");
    let mut total = Duration::ZERO;
    for format in Format::ALL {
        let t = Instant::now();
        let bytes = render(&report, format).expect("render");
        let took = t.elapsed();
        total += took;
        println!("{format:?}: {took:?}, {} KB", bytes.len() / 1024);
    }
    println!("total: {total:?}");
    if !cfg!(debug_assertions) {
        assert!(total < Duration::from_secs(2), "took {total:?}");
    }
}
