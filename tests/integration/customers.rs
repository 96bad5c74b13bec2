//! Customer tables (one row per customer with a churned flag) → a churn
//! snapshot: churn, retention, ARPA, tenure, monthly estimate, LTV. The
//! expected figures are worked out by hand in each test.

use super::common::*;
use cxmetrics::report::Report;
use cxmetrics::settings::{Settings, TenureUnit};

fn csv(text: &str) -> Report {
    report(text.as_bytes(), Settings::default()).unwrap()
}

const TELCO_HEADER: &str = "customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn";

/// Six Telco rows (the data set's first five and a tenure-0 customer whose
/// TotalCharges is a blank space, as in the real file).
fn telco() -> String {
    [
        TELCO_HEADER,
        "7590-VHVEG,Female,0,Yes,No,1,No,No phone service,DSL,No,Yes,No,No,No,No,Month-to-month,Yes,Electronic check,29.85,29.85,No",
        "5575-GNVDE,Male,0,No,No,34,Yes,No,DSL,Yes,No,Yes,No,No,No,One year,No,Mailed check,56.95,1889.5,No",
        "3668-QPYBK,Male,0,No,No,2,Yes,No,DSL,Yes,Yes,No,No,No,No,Month-to-month,Yes,Mailed check,53.85,108.15,Yes",
        "7795-CFOCW,Male,0,No,No,45,No,No phone service,DSL,Yes,No,Yes,Yes,No,No,One year,No,Bank transfer (automatic),42.3,1840.75,No",
        "9237-HQITU,Female,0,No,No,2,Yes,No,Fiber optic,No,No,No,No,No,No,Month-to-month,Yes,Electronic check,70.7,151.65,Yes",
        "4472-LVYGI,Female,0,Yes,Yes,0,No,No phone service,DSL,Yes,No,Yes,Yes,Yes,No,Two year,Yes,Bank transfer (automatic),52.55, ,No",
    ]
    .join("\n")
}

#[test]
fn telco_worked_example() {
    let r = csv(&telco());
    assert_eq!(r.kind, "customers");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (6, 6, 0));
    // The blank TotalCharges is absent, not unreadable, and the row counts.
    assert!(r.unreadable_cells.is_empty(), "{:?}", r.unreadable_cells);
    assert_eq!(value(&r, "customers"), 6.0);
    assert_eq!(value(&r, "churned"), 2.0);
    close(value(&r, "customer_churn"), 2.0 / 6.0, 1e-12);
    close(value(&r, "retention_rate"), 4.0 / 6.0, 1e-12);
    assert_eq!(r.metrics["customer_churn"]["period"], "unknown");
    assert!(r.metrics["customer_churn"]["definition"]
        .as_str()
        .unwrap()
        .contains("the period is not in the file"));
    // ARPA: (29.85 + 56.95 + 53.85 + 42.3 + 70.7 + 52.55) ÷ 6 = 306.2 ÷ 6.
    close(value(&r, "arpa"), 306.2 / 6.0, 1e-9);
    // Tenure: 1 + 34 + 2 + 45 + 2 + 0 = 84 months over 6 customers.
    close(value(&r, "average_tenure_months"), 14.0, 1e-12);
    close(
        r.metrics["average_tenure_months"]["churned_mean"]
            .as_f64()
            .unwrap(),
        2.0,
        1e-12,
    );
    // Monthly estimate: 2 churned ÷ 84 customer-months; LTV = ARPA ÷ that.
    close(value(&r, "monthly_churn_estimate"), 2.0 / 84.0, 1e-12);
    close(value(&r, "expected_lifetime_months"), 42.0, 1e-9);
    close(value(&r, "ltv"), 306.2 / 6.0 * 42.0, 1e-6);
    assert_eq!(r.settings["gross_margin_assumed"], true);
    // Total charges: five readable cells.
    close(
        value(&r, "average_total_charges"),
        (29.85 + 1889.5 + 108.15 + 1840.75 + 151.65) / 5.0,
        1e-9,
    );
    assert_eq!(r.metrics["average_total_charges"]["customers"], 5);
    let plans = r.metrics["churn_by_plan"]["plans"].as_array().unwrap();
    assert_eq!(plans[0]["plan"], "Month-to-month");
    assert_eq!(
        (plans[0]["customers"].as_u64(), plans[0]["churned"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(r.settings["snapshot"]["period"], "unknown");
}

#[test]
fn telco_forced_kind_and_gross_margin() {
    let settings: Settings =
        serde_json::from_str(r#"{"kind": "customers", "gross_margin": 0.5}"#).unwrap();
    let r = report(telco().as_bytes(), settings).unwrap();
    assert_eq!(r.kind, "customers");
    close(value(&r, "ltv"), 306.2 / 6.0 * 0.5 * 42.0, 1e-6);
}

#[test]
fn churn_share_like_telco() {
    // 1,869 churned of 7,043, as in the Telco set: 26.54 %.
    let mut text = String::from("customerID,tenure,MonthlyCharges,TotalCharges,Churn\n");
    for i in 0..7043 {
        let churn = if i < 1869 { "Yes" } else { "No" };
        text.push_str(&format!("C{i},10,50,500,{churn}\n"));
    }
    let r = csv(&text);
    close(value(&r, "customer_churn"), 1869.0 / 7043.0, 1e-12);
    assert_eq!(
        format!("{:.2}", value(&r, "customer_churn") * 100.0),
        "26.54"
    );
}

#[test]
fn exited_one_zero_bank_table() {
    let text = "RowNumber,CustomerId,Surname,CreditScore,Geography,Gender,Age,Tenure,Balance,NumOfProducts,HasCrCard,IsActiveMember,EstimatedSalary,Exited\n\
                1,15634602,Hargrave,619,France,Female,42,2,0,1,1,1,101348.88,1\n\
                2,15647311,Hill,608,Spain,Female,41,1,83807.86,1,0,1,112542.58,0\n\
                3,15619304,Onio,502,France,Female,42,8,159660.8,3,1,0,113931.57,1\n\
                4,15701354,Boni,699,France,Female,39,1,0,2,0,0,93826.63,0\n";
    let r = csv(text);
    assert_eq!(r.kind, "customers");
    assert_eq!(r.settings["mapping"]["churned"], "Exited");
    close(value(&r, "customer_churn"), 0.5, 1e-12);
    // No monthly charge: ARPA and LTV say why.
    assert!(r.metrics["arpa"]["value"].is_null());
    assert!(r.metrics["ltv"]["value"].is_null());
    assert!(r.metrics["ltv"]["reason"]
        .as_str()
        .unwrap()
        .contains("monthly charge"));
    // A figure without its column is undefined, not flagged as partial.
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn no_tenure_means_no_monthly_churn_and_no_ltv() {
    let r = csv("Customer,Monthly charges,Churned\na,10,true\nb,30,false\n");
    assert_eq!(r.kind, "customers");
    close(value(&r, "customer_churn"), 0.5, 1e-12);
    close(value(&r, "arpa"), 20.0, 1e-12);
    assert!(r.metrics["monthly_churn_estimate"]["value"].is_null());
    assert!(r.metrics["ltv"]["reason"]
        .as_str()
        .unwrap()
        .contains("a monthly churn needs a tenure"));
}

#[test]
fn aliases_in_five_languages() {
    for (text, churned, charge, tenure) in [
        (
            "Cliente;Antigüedad;Cuota mensual;Abandono\nA;25;20,5;sí\nB;5;10;no\n",
            "Abandono",
            "Cuota mensual",
            "Antigüedad",
        ),
        (
            "Cliente;Tempo de casa;Mensalidade;Cancelado\nA;25;20,5;sim\nB;5;10;não\n",
            "Cancelado",
            "Mensalidade",
            "Tempo de casa",
        ),
        (
            "Client;Ancienneté;Mensualité;Résilié\nA;25;20,5;oui\nB;5;10;non\n",
            "Résilié",
            "Mensualité",
            "Ancienneté",
        ),
        (
            "Pelanggan;Lama berlangganan;Biaya bulanan;Berhenti\nA;25;20,5;ya\nB;5;10;tidak\n",
            "Berhenti",
            "Biaya bulanan",
            "Lama berlangganan",
        ),
        (
            "ID_cliente;churn;tempo_permanencia;gastos_mensais;gastos_totais\nA;1;25;20,5;205\nB;0;5;10;50\n",
            "churn",
            "gastos_mensais",
            "tempo_permanencia",
        ),
        (
            "customerID,tenure,MonthlyCharges,Churn\nA,25,20.5,Yes\nB,5,10,No\n",
            "Churn",
            "MonthlyCharges",
            "tenure",
        ),
    ] {
        let r = csv(text);
        assert_eq!(r.kind, "customers", "{text}");
        let m = &r.settings["mapping"];
        assert_eq!(m["churned"], churned, "{text}");
        assert_eq!(m["monthly_charge"], charge, "{text}");
        assert_eq!(m["tenure_months"], tenure, "{text}");
        close(value(&r, "customer_churn"), 0.5, 1e-12);
        close(value(&r, "arpa"), 15.25, 1e-12);
        // A tenure above 12 makes an unnamed unit months (≤ 12 would be unclear).
        close(value(&r, "monthly_churn_estimate"), 1.0 / 30.0, 1e-12);
    }
}

#[test]
fn status_words_in_five_languages() {
    let text = "Customer,Status,Monthly charges\n\
                a,active,10\nb,churned,10\nc,Activo,10\nd,Cancelado,10\ne,Ativo,10\n\
                f,Inativo,10\ng,Actif,10\nh,Résilié,10\ni,Aktif,10\nj,Berhenti,10\n";
    let r = csv(text);
    assert_eq!(r.kind, "customers");
    assert_eq!(value(&r, "churned"), 5.0);
    close(value(&r, "customer_churn"), 0.5, 1e-12);
}

#[test]
fn bad_cells_fail_alone() {
    // b's charge and c's churn flag cannot be read: each row still counts
    // for what it does give.
    let r = csv("customerID,tenure,MonthlyCharges,Churn\na,4,10,Yes\nb,16,ten,No\nc,10,30,maybe\n");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (3, 3, 0));
    let fields: Vec<(&str, u64)> = r
        .unreadable_cells
        .iter()
        .map(|c| (c.field.as_str(), c.count))
        .collect();
    assert_eq!(fields, vec![("monthly_charge", 1), ("churned", 1)]);
    assert_eq!(r.unreadable_cells[1].examples[0].line, 4);
    // Churn over a and b; ARPA over a and c; exposure over a and b.
    close(value(&r, "customer_churn"), 0.5, 1e-12);
    close(value(&r, "arpa"), 20.0, 1e-12);
    close(value(&r, "monthly_churn_estimate"), 1.0 / 20.0, 1e-12);
    // A row with nothing readable is skipped with its reason.
    let r = csv("customerID,tenure,MonthlyCharges,Churn\na,4,10,Yes\nb,,,\n");
    assert_eq!((r.rows.used, r.rows.skipped), (1, 1));
    assert!(r.skipped[0].reason.contains("no churn state"));
}

#[test]
fn tenure_from_dates() {
    // a: 2024-01-01 → 2024-03-01 (60 days), churned; b: 2024-01-01 → as-of
    // 2024-07-01 (182 days), active.
    let r = csv("Customer,Start date,End date,Monthly charges\na,2024-01-01,2024-03-01,10\nb,2024-01-01,,20\nc,2024-07-01,,30\n");
    assert_eq!(r.kind, "customers");
    assert_eq!(value(&r, "churned"), 1.0);
    assert_eq!(r.settings["as_of"], "2024-07-01T00:00:00");
    close(
        value(&r, "monthly_churn_estimate"),
        1.0 / ((60.0 + 182.0) / 30.4375),
        1e-12,
    );
}

#[test]
fn subscriptions_and_accounts_still_detected() {
    let r = csv("Customer ID,Amount,Start,Status\nc1,10,2024-01-05,active\n");
    assert_eq!(r.kind, "subscriptions");
    let r = csv("Account,Tenure months,Renewed\nA,10,yes\n");
    assert_eq!(r.kind, "accounts");
}

/// A tenure column whose header names no unit and whose values are all 12
/// or less may be months or years: the tenure figures are undefined with a
/// reason and an inference, until the `tenure_unit` setting decides.
#[test]
fn tenure_unit_unclear_until_set() {
    let text = "CustomerId,Tenure,MonthlyCharges,Exited\na,2,10,1\nb,10,20,0\nc,6,30,0\n";
    let r = csv(text);
    assert_eq!(r.kind, "customers");
    for id in ["average_tenure_months", "monthly_churn_estimate", "ltv"] {
        assert!(r.metrics[id]["value"].is_null(), "{id}: {}", r.metrics[id]);
        assert!(
            r.metrics[id]["reason"]
                .as_str()
                .unwrap()
                .contains("tenure unit"),
            "{id}: {}",
            r.metrics[id]
        );
    }
    let inf: Vec<&str> = r.inferences.iter().map(|w| w.code.as_str()).collect();
    assert!(inf.contains(&"tenure_unit_unclear"), "{inf:?}");
    assert_eq!(r.settings["tenure_unit"], "unclear");
    close(value(&r, "customer_churn"), 1.0 / 3.0, 1e-12);

    let years = Settings {
        tenure_unit: Some(TenureUnit::Years),
        ..Settings::default()
    };
    let r = report(text.as_bytes(), years).unwrap();
    close(value(&r, "average_tenure_months"), 72.0, 1e-12);
    close(value(&r, "monthly_churn_estimate"), 1.0 / 216.0, 1e-12);
    assert_eq!(r.settings["tenure_unit"], "years");
    assert!(r.inferences.iter().all(|w| w.code != "tenure_unit_unclear"));

    let months = Settings {
        tenure_unit: Some(TenureUnit::Months),
        ..Settings::default()
    };
    let r = report(text.as_bytes(), months).unwrap();
    close(value(&r, "average_tenure_months"), 6.0, 1e-12);

    let bad = serde_json::from_str::<Settings>(r#"{"tenure_unit":"weeks"}"#).unwrap_err();
    assert!(bad.to_string().contains("tenure unit “weeks” is not known"));
}

/// A tenure header that names its unit is read in it: years × 12; months
/// as they are, even when every value is 12 or less.
#[test]
fn tenure_unit_from_header() {
    let r = csv("CustomerId,tenure_years,Exited\na,2,1\nb,10,0\nc,6,0\n");
    assert_eq!(r.settings["mapping"]["tenure_months"], "tenure_years");
    close(value(&r, "average_tenure_months"), 72.0, 1e-12);
    let r = csv("Cliente;Antigüedad (años);Abandono\na;2;sí\nb;4;no\n");
    close(value(&r, "average_tenure_months"), 36.0, 1e-12);
    let r = csv("CustomerId,tenure_months,Exited\na,2,1\nb,10,0\nc,6,0\n");
    close(value(&r, "average_tenure_months"), 6.0, 1e-12);
    assert!(r.inferences.is_empty(), "{:?}", r.inferences);
    // Telco's `tenure` runs to 72: months, no question.
    let r = csv("customerID,tenure,MonthlyCharges,Churn\na,1,10,Yes\nb,72,20,No\n");
    close(value(&r, "average_tenure_months"), 36.5, 1e-12);
    assert_eq!(r.settings["tenure_unit"], "months");
}

/// No customer left: LTV is undefined with its capped value over the
/// 60-month cap beside its inputs; plans past the fiftieth are counted
/// together, flagged `others`; the settings say how tenure and the as-of
/// time were read.
#[test]
fn capped_ltv_other_plans_and_settings() {
    let mut text = String::from("Customer,Plan,tenure,MonthlyCharges,Churn\n");
    for i in 0..52 {
        text.push_str(&format!("c{i},plan {i},24,20,No\n"));
    }
    let r = csv(&text);
    let ltv = &r.metrics["ltv"];
    assert_eq!(ltv["value"], serde_json::Value::Null);
    assert_eq!(ltv["code"], "no_churn_observed");
    assert_eq!(
        ltv["capped"],
        serde_json::json!({ "value": 20.0 * 60.0, "months": 60, "label": "capped" })
    );
    assert_eq!(
        (ltv["arpa"].as_f64(), ltv["monthly_churn"].as_f64()),
        (Some(20.0), Some(0.0))
    );
    assert_eq!(ltv["expected_lifetime_months"], serde_json::Value::Null);
    assert_eq!(
        r.metrics["expected_lifetime_months"]["code"],
        "no_churn_observed"
    );
    let by_plan = &r.metrics["churn_by_plan"];
    assert_eq!(by_plan["value"], 51.0);
    let plans = by_plan["plans"].as_array().unwrap();
    assert_eq!(
        plans[0],
        serde_json::json!({ "plan": "plan 0", "customers": 1, "churned": 0, "rate": 0.0 })
    );
    assert_eq!(
        plans[50],
        serde_json::json!({ "plan": "", "customers": 2, "churned": 0, "rate": 0.0, "others": true })
    );
    assert_eq!(r.settings["tenure_unit"], "months");
    assert_eq!(r.settings["tenure_unit_from"], "values");
    assert_eq!(r.settings["tenure_from"], "the tenure column, in months");
    assert_eq!(r.settings["gross_margin_assumed"], true);
    assert_eq!(r.settings["lifetime_cap_months"], 60);
    assert_eq!(r.settings["snapshot"]["period"], "unknown");
    assert!(r.settings.get("as_of").is_none());

    let r = csv("Customer,Start date,End date,Monthly charges\na,2024-01-01,2024-03-01,10\nb,2024-01-01,,20\n");
    assert_eq!(r.kind, "customers");
    assert_eq!(r.settings["as_of_from"], "latest date in the file");
    assert_eq!(
        r.settings["tenure_from"],
        "(end date, else the as-of date) − start date, in days ÷ 30.4375"
    );
    assert!(r.settings.get("tenure_unit").is_none());
    assert!(r.settings.get("tenure_unit_from").is_none());
}
