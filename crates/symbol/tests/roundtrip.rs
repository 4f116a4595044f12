//! Render → decode round trips, and what the decoder measures on pictures made to order.

use qr1405_symbol::{
    Canvas, DecodeOptions, Decoder, DecoderOutcome, Ecc, EncodedSymbol, Grade, Luma, RenderOptions,
    Rgba, Style, decode, decode_luma,
};

const TEXT: &str = "001093029317|NGUYỄN LÊ KHẢ HÂN|1987-01-18|0|162979388586171100";

fn luma_of(canvas: &Canvas) -> Luma {
    canvas.to_luma_image()
}

#[test]
fn each_decoder_reads_and_measures_a_clean_render() {
    let code = EncodedSymbol::new(TEXT.as_bytes(), Ecc::M).unwrap();
    let canvas = Canvas::with_code(&code, &Style::new(5)).unwrap();
    for decoder in Decoder::ALL {
        let options = DecodeOptions::default().with_decoders(&[decoder]);
        let report = decode_luma(&luma_of(&canvas), &options);
        assert_eq!(report.symbols.len(), 1, "{decoder}");
        let s = &report.symbols[0];
        assert_eq!(s.text, TEXT, "{decoder}");
        assert_eq!(s.version, Some(code.version()), "{decoder}");
        assert_eq!(s.ecc, Some(Ecc::M));
        assert_eq!(s.mask, Some(code.mask()));
        assert_eq!(s.quiet_zone_modules, Some(4), "{decoder}");
        assert_eq!(s.damaged_modules, Some(0), "{decoder}");
        assert!(
            (s.module_px - 5.0).abs() < 0.1,
            "{decoder}: {}",
            s.module_px
        );
        assert!(!s.inverted);
        assert_eq!(s.grades.unwrap().overall, Grade::A, "{decoder}");
        let side = 20.0 + 5.0 * code.size() as f64;
        let expected = [(20.0, 20.0), (side, 20.0), (side, side), (20.0, side)];
        for (c, e) in s.corners.iter().zip(expected) {
            assert!(
                (c.x - e.0).abs() < 1.0 && (c.y - e.1).abs() < 1.0,
                "{decoder}: {c:?}"
            );
        }
    }
}

#[test]
fn light_on_dark_decodes_and_says_inverted() {
    let code = EncodedSymbol::new(TEXT.as_bytes(), Ecc::Q).unwrap();
    let style = Style {
        dark: Rgba::WHITE,
        light: Rgba::BLACK,
        ..Style::new(4)
    };
    let canvas = Canvas::with_code(&code, &style).unwrap();
    let report = decode_luma(&luma_of(&canvas), &DecodeOptions::default());
    assert_eq!(report.symbols.len(), 1);
    let s = &report.symbols[0];
    assert_eq!(s.text, TEXT);
    assert!(s.inverted);
    assert_eq!(s.quiet_zone_modules, Some(4));
    assert_eq!(s.damaged_modules, Some(0));
    assert!(s.readings.iter().all(|r| r.inverted));
}

#[test]
fn an_overlay_shows_as_damaged_modules() {
    let code = EncodedSymbol::new(TEXT.as_bytes(), Ecc::H).unwrap();
    let mut canvas = Canvas::with_code(&code, &Style::new(6)).unwrap();
    // A 3 × 3-module white badge in the middle of the data region.
    let middle = 6 * (4 + code.size() as i64 / 2);
    canvas.fill_rect(middle, middle, 18, 18, Rgba::WHITE);
    let report = decode_luma(&luma_of(&canvas), &DecodeOptions::default());
    let s = &report.symbols[0];
    assert_eq!(s.text, TEXT);
    let damaged = s.damaged_modules.unwrap();
    assert!((1..=9).contains(&damaged), "{damaged}");
    let grades = s.grades.unwrap();
    assert!(grades.unused_error_correction.unwrap().value < 1.0);
}

#[test]
fn every_symbol_of_a_screen_is_reported_by_both_decoders() {
    let first = EncodedSymbol::new(b"first code", Ecc::M).unwrap();
    let second = EncodedSymbol::new(b"second code", Ecc::M).unwrap();
    let mut canvas = Canvas::new(600, 300, Rgba::rgb(240, 240, 240)).unwrap();
    canvas.draw_code(&first, 20, 40, &Style::new(6));
    canvas.draw_code(&second, 330, 40, &Style::new(5));
    let report = decode_luma(&luma_of(&canvas), &DecodeOptions::default());
    let texts: Vec<&str> = report.symbols.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["first code", "second code"]);
    for s in &report.symbols {
        let decoders: Vec<Decoder> = s.readings.iter().map(|r| r.decoder).collect();
        assert_eq!(decoders, Decoder::ALL, "{}", s.text);
        assert!(s.agree);
    }
}

/// rxing's corners mark the symbol's edges at every quarter turn (zxing's detector reports
/// them half a pixel off, the same way whatever the rotation).
#[test]
fn rxing_corners_are_the_symbol_edges_at_every_quarter_turn() {
    let code = EncodedSymbol::new(TEXT.as_bytes(), Ecc::M).unwrap();
    let mut canvas = Canvas::new(420, 380, Rgba::WHITE).unwrap();
    canvas.draw_code(&code, 30, 20, &Style::new(5));
    let side = 5.0 * code.size() as f64;
    // Edges of the symbol: Style's quiet zone is 4 modules.
    let (mut x0, mut y0) = (50.0, 40.0);
    let mut luma = luma_of(&canvas);
    let rxing = DecodeOptions::default().with_decoders(&[Decoder::Rxing]);
    for turn in 0..4 {
        let report = decode_luma(&luma, &rxing);
        assert_eq!(report.symbols.len(), 1, "turn {turn}");
        let mut xs: Vec<f64> = report.symbols[0].corners.iter().map(|c| c.x).collect();
        let mut ys: Vec<f64> = report.symbols[0].corners.iter().map(|c| c.y).collect();
        xs.sort_by(f64::total_cmp);
        ys.sort_by(f64::total_cmp);
        for (found, expected) in [
            (xs[0], x0),
            (xs[3], x0 + side),
            (ys[0], y0),
            (ys[3], y0 + side),
        ] {
            assert!(
                (found - expected).abs() < 0.25,
                "turn {turn}: {found} vs {expected}"
            );
        }
        // A quarter turn clockwise: the left edge becomes the top one, the top edge the right one.
        let height = f64::from(luma.height());
        (x0, y0) = (height - (y0 + side), x0);
        luma = quarter_turn(&luma);
    }
}

/// `luma` turned a quarter clockwise.
fn quarter_turn(luma: &Luma) -> Luma {
    let (w, h) = (luma.width() as usize, luma.height() as usize);
    let p = luma.pixels();
    let mut turned = Vec::with_capacity(w * h);
    for y in 0..w {
        for x in 0..h {
            turned.push(p[(h - 1 - x) * w + y]);
        }
    }
    Luma::new(luma.height(), luma.width(), turned).expect("as many pixels as before")
}

/// A 1080 × 2340 app screen: read at half size first, then each decoder reads a window around
/// the symbol; positions must come back in the whole picture's pixels, and measuring while rqrr
/// reads gives the report measuring afterwards gives.
#[test]
fn a_large_screen_is_read_by_both_decoders_at_the_right_place() {
    let code = EncodedSymbol::new(TEXT.as_bytes(), Ecc::M).unwrap();
    let mut canvas = Canvas::new(1080, 2340, Rgba::rgb(245, 246, 250)).unwrap();
    canvas.fill_rect(0, 0, 1080, 280, Rgba::rgb(0, 112, 192));
    canvas.fill_rect(60, 400, 960, 1200, Rgba::WHITE);
    canvas.draw_code(&code, 200, 700, &Style::new(9));
    let reports = [true, false].map(|parallel| {
        decode_luma(
            &luma_of(&canvas),
            &DecodeOptions::default().with_parallel(parallel),
        )
    });
    // Measured while rqrr reads (in parallel) or afterwards: the same report.
    assert_eq!(reports[0], reports[1]);
    for report in reports {
        assert_eq!(report.symbols.len(), 1);
        let s = &report.symbols[0];
        assert_eq!(s.text, TEXT);
        let decoders: Vec<Decoder> = s.readings.iter().map(|r| r.decoder).collect();
        assert_eq!(decoders, Decoder::ALL);
        assert_eq!(s.damaged_modules, Some(0));
        assert_eq!(s.grades.unwrap().overall, Grade::A);
        assert!((s.module_px - 9.0).abs() < 0.1, "{}", s.module_px);
        // Style's quiet zone is 4 modules.
        let (x0, y0) = (200.0 + 36.0, 700.0 + 36.0);
        let side = 9.0 * code.size() as f64;
        let expected = [
            (x0, y0),
            (x0 + side, y0),
            (x0 + side, y0 + side),
            (x0, y0 + side),
        ];
        // Measured from rxing's corners, read in a full-resolution window.
        for (c, e) in s.corners.iter().zip(expected) {
            assert!(
                (c.x - e.0).abs() <= 0.25 && (c.y - e.1).abs() <= 0.25,
                "{c:?}"
            );
        }
    }
}

#[test]
fn a_narrow_quiet_zone_is_measured() {
    let code = EncodedSymbol::new(b"quiet zone", Ecc::M).unwrap();
    let style = Style {
        quiet_zone: 2,
        ..Style::new(5)
    };
    let mut canvas = Canvas::new(300, 300, Rgba::rgb(60, 60, 60)).unwrap();
    canvas.draw_code(&code, 50, 50, &style);
    let report = decode_luma(&luma_of(&canvas), &DecodeOptions::default());
    let s = &report.symbols[0];
    assert_eq!(s.quiet_zone_modules, Some(2));
    assert_eq!(s.grades.unwrap().quiet_zone.grade, Grade::C);
}

#[test]
fn a_picture_without_a_code_yields_nothing() {
    // Small, large (read at half size first), and large but too narrow to halve.
    for (w, h) in [(200, 100), (1600, 1000), (100, 16_000)] {
        let luma = Luma::new(w, h, vec![120; (w * h) as usize]).unwrap();
        let report = decode_luma(&luma, &DecodeOptions::default());
        assert!(report.symbols.is_empty());
        let decoders: Vec<Decoder> = report.decoders.iter().map(|d| d.decoder).collect();
        assert_eq!(decoders, Decoder::ALL);
        assert!(
            report
                .decoders
                .iter()
                .all(|d| d.outcome == DecoderOutcome::NothingFound)
        );
    }
}

#[test]
fn rendering_is_deterministic() {
    let code = EncodedSymbol::new(TEXT.as_bytes(), Ecc::M).unwrap();
    let options = RenderOptions::print(50.0, 600);
    assert_eq!(
        code.to_png(&options).unwrap(),
        code.to_png(&options).unwrap()
    );
    assert_eq!(
        code.to_svg(&options).unwrap(),
        code.to_svg(&options).unwrap()
    );
    let again = EncodedSymbol::new(TEXT.as_bytes(), Ecc::M).unwrap();
    assert_eq!(code, again);
}

#[test]
fn print_renders_decode() {
    let code = EncodedSymbol::new(TEXT.as_bytes(), Ecc::M).unwrap();
    let png = code.to_png(&RenderOptions::print(50.0, 150)).unwrap();
    let report = decode(&png).unwrap();
    assert_eq!(report.symbols[0].text, TEXT);
}

/// rxing reads this code but reports its top-left corner at (36.6, 21.2) instead of (12, 12);
/// the grid sampled from those corners fails error correction and has the wrong level and
/// mask, so the measurement is made from rqrr's corners instead.
#[test]
fn a_wrong_corner_from_one_decoder_does_not_spoil_the_measurement() {
    let text = "o\"𐴰\u{dcf}\u{a4c}\u{11f01}Cጒef0®®ϕÓ𑋓K&<Û'rѨ<¥.L㇅Tv🕴𐧫{Nt𜷃^Ù'⼙&i%.0\u{10a02}\"ዀ+𐧇Ô7'𑍐#ເã2\u{2de8}";
    let code = EncodedSymbol::new(text.as_bytes(), Ecc::Q).unwrap();
    let png = code.to_png(&RenderOptions::module_px(3)).unwrap();
    let report = decode(&png).unwrap();
    let s = &report.symbols[0];
    assert_eq!(s.text, text);
    assert_eq!(
        (s.version, s.ecc, s.mask),
        (Some(code.version()), Some(code.ecc()), Some(code.mask()))
    );
    assert_eq!(s.damaged_modules, Some(0));
    assert_eq!(s.module_px, 3.0);
    let corners: Vec<(f64, f64)> = s.corners.iter().map(|p| (p.x, p.y)).collect();
    assert_eq!(
        corners,
        [(12.0, 12.0), (171.0, 12.0), (171.0, 171.0), (12.0, 171.0)]
    );
    assert_eq!(s.grades.unwrap().overall, Grade::A);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    #[test]
    fn any_text_within_capacity_round_trips(text in "\\PC{1,120}", level in 0usize..4) {
        let ecc = Ecc::ALL[level];
        let code = EncodedSymbol::new(text.as_bytes(), ecc).unwrap();
        let png = code.to_png(&RenderOptions::module_px(3)).unwrap();
        let report = decode(&png).unwrap();
        proptest::prop_assert_eq!(report.symbols.len(), 1);
        let s = &report.symbols[0];
        proptest::prop_assert_eq!(&s.text, &text);
        proptest::prop_assert!(s.agree);
        proptest::prop_assert_eq!(s.damaged_modules, Some(0));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
        let _ = decode(&bytes);
    }

    #[test]
    fn damaged_pngs_never_panic(cut in 0usize..400, flip in 0usize..400, value in 1u8..=255) {
        let code = EncodedSymbol::new(b"damaged", Ecc::L).unwrap();
        let mut png = code.to_png(&RenderOptions::module_px(2)).unwrap();
        let flip = flip % png.len();
        png[flip] ^= value;
        png.truncate(png.len() - cut.min(png.len()));
        let _ = decode(&png);
    }
}

/// Two people's codes, one above the other, on an app screen: both are reported, so that a
/// screen showing two codes is seen as such.
#[test]
fn two_codes_stacked_on_a_large_screen_are_two_symbols() {
    let code = EncodedSymbol::new(TEXT.as_bytes(), Ecc::M).unwrap();
    let mut canvas = Canvas::new(1080, 2340, Rgba::WHITE).unwrap();
    canvas.draw_code(&code, 240, 300, &Style::new(8));
    canvas.draw_code(&code, 240, 1300, &Style::new(8));
    let report = decode_luma(&luma_of(&canvas), &DecodeOptions::default());
    let tops: Vec<f64> = report.symbols.iter().map(|s| s.corners[0].y).collect();
    assert_eq!(report.symbols.len(), 2, "symbols at y = {tops:?}");
    for s in &report.symbols {
        let decoders: Vec<Decoder> = s.readings.iter().map(|r| r.decoder).collect();
        assert_eq!(decoders, Decoder::ALL);
    }
}
