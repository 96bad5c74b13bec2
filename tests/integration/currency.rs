//! The currency of a file's money (issue 13 point 7): named by the data,
//! guessed from a bare `$`, set by the user, or mixed (a warning on every
//! figure that adds money).

use super::common::*;
use cxmetrics::report::Report;
use cxmetrics::settings::Settings;

fn of(text: &str, settings: Settings) -> Report {
    report(text.as_bytes(), settings).unwrap()
}

fn currency(r: &Report) -> (Option<&str>, Option<&str>) {
    (
        r.settings.get("currency").and_then(|v| v.as_str()),
        r.settings.get("currency_source").and_then(|v| v.as_str()),
    )
}

fn codes(list: &[cxmetrics::report::Warning]) -> Vec<&str> {
    list.iter().map(|w| w.code.as_str()).collect()
}

const BRL_SPEND: &str = "Mês;Canal;Investimento;Novos clientes\n\
2024-01;Google;R$ 4.000,00;2\n\
2024-02;Google;R$ 1.234,56;1\n\
2024-02;Eventos;2.000,00;0\n";

#[test]
fn a_file_in_reais_is_in_brl() {
    let r = of(BRL_SPEND, Settings::default());
    assert_eq!(r.kind, "spend");
    assert_eq!(currency(&r), (Some("BRL"), Some("data")));
    close(value(&r, "spend"), 7_234.56, 1e-9);
    assert!(r.warnings.is_empty() && r.inferences.is_empty(), "{r:?}");
    assert!(r.settings.get("currency_guessed").is_none());
}

#[test]
fn subscriptions_in_reais_and_a_currency_column() {
    let r = report_of("exports/br_assinaturas.csv");
    assert_eq!(currency(&r), (Some("BRL"), Some("data")));
    // Stripe writes plain amounts and the code in its own column.
    let r = report_of("exports/stripe_subscriptions.csv");
    assert_eq!(currency(&r), (Some("USD"), Some("data")));
    assert!(r.warnings.iter().all(|w| w.code != "currency_mixed"));
}

#[test]
fn plain_numbers_name_no_currency() {
    let r = of(
        "Month,Spend,New customers\n2024-01,1000,4\n2024-02,500.50,1\n",
        Settings::default(),
    );
    assert_eq!(currency(&r), (None, None));
    assert!(r.inferences.is_empty());
}

#[test]
fn a_bare_dollar_is_a_guess_said_as_one() {
    let r = report_of("exports/spend_channels.csv");
    assert_eq!(currency(&r), (Some("USD"), Some("data")));
    assert_eq!(r.settings["currency_guessed"], true);
    assert_eq!(codes(&r.inferences), ["currency_guessed"]);
    let guess = &r.inferences[0];
    assert_eq!(guess.figures, ["cac", "spend"]);
    assert_eq!(guess.params["sign"], "$");
    let candidates = guess.params["candidates"].as_array().unwrap();
    for code in ["MXN", "ARS", "CLP", "COP"] {
        assert!(candidates.iter().any(|c| c == code), "{code}");
    }
    // A code elsewhere in the file says which dollar or peso it is.
    let r = of(
        "Month,Spend,New customers\n2024-01,$ 1500,2\n2024-02,MXN 300,1\n",
        Settings::default(),
    );
    assert_eq!(currency(&r), (Some("MXN"), Some("data")));
    assert!(r.inferences.is_empty() && r.warnings.is_empty());
}

#[test]
fn mixed_currencies_warn_on_the_figures_that_add_money() {
    let text = "Month;Channel;Spend;New customers\n\
2024-01;Ads;R$ 4.000,00;2\n\
2024-02;Ads;US$ 1.000,00;1\n\
2024-02;Events;R$ 1.234,56;1\n";
    let r = of(text, Settings::default());
    assert_eq!(currency(&r), (Some("BRL"), Some("data")));
    assert_eq!(codes(&r.warnings), ["currency_mixed"]);
    let w = &r.warnings[0];
    assert_eq!(w.figures, ["cac", "spend"]);
    assert_eq!(
        w.params["currencies"],
        serde_json::json!([{ "currency": "BRL", "cells": 2 }, { "currency": "USD", "cells": 1 }])
    );
    assert!(
        w.message.contains("BRL in 2 cells, USD in 1 cell"),
        "{}",
        w.message
    );
    let notices = r.settings["notices"].as_array().unwrap();
    assert!(notices
        .iter()
        .any(|n| n.as_str().unwrap().contains("more than one currency")));
    // Subscriptions: the currency column counts too, and the MRR figures
    // are the ones flagged.
    let subs = "Customer ID,Amount,Currency,Start\n\
c1,100,usd,2024-01-05\n\
c2,90,eur,2024-01-06\n\
c3,100,usd,2024-02-01\n";
    let r = of(subs, Settings::default());
    assert_eq!(currency(&r), (Some("USD"), Some("data")));
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "currency_mixed")
        .unwrap();
    for id in ["mrr_start", "mrr_end", "arpa", "nrr", "grr", "ltv"] {
        assert!(w.figures.iter().any(|f| f == id), "{id}");
    }
    assert!(!w.figures.iter().any(|f| f == "customer_churn"));
}

#[test]
fn the_users_currency_wins() {
    let settings = Settings {
        currency: Some("eur".into()),
        ..Settings::default()
    };
    let r = of(BRL_SPEND, settings);
    assert_eq!(currency(&r), (Some("EUR"), Some("settings")));
    let settings = Settings {
        currency: Some("R$".into()),
        ..Settings::default()
    };
    let r = report_of_with("exports/spend_channels.csv", settings);
    assert_eq!(currency(&r), (Some("BRL"), Some("settings")));
    assert!(r.inferences.is_empty(), "no guess when the user said");
    // Any kind keeps it, for the page and the command line to show money in.
    let settings = Settings {
        currency: Some("IDR".into()),
        ..Settings::default()
    };
    let r = report_of_with("exports/zendesk_tickets.csv", settings);
    assert_eq!(currency(&r), (Some("IDR"), Some("settings")));
    let settings = Settings {
        currency: Some("dollars".into()),
        ..Settings::default()
    };
    let err = report(BRL_SPEND.as_bytes(), settings).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The currency “dollars” is not an ISO 4217 code such as USD, EUR or BRL"
    );
}

fn report_of_with(name: &str, settings: Settings) -> Report {
    report(&fixture_bytes(name), settings).unwrap()
}
