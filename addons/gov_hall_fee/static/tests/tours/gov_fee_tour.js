import { registry } from "@web/core/registry";

// At the window: the case's fees are on its 收费项目 tab; the clerk sets the
// quantity of a unit-priced fee and issues the payment notice the applicant
// takes to the stationed bank.
registry.category("web_tour.tours").add("gov_fee_tour", {
    steps: () => [
        { content: "Case form", trigger: ".o_form_view .o_field_widget[name=name]:contains(SL)" },
        { content: "Fees tab", trigger: ".o_notebook a.nav-link[name=fees]", run: "click" },
        { content: "Two fee lines", trigger: ".o_field_widget[name=fee_ids] .o_data_row:eq(1)" },
        { content: "Edit the unit fee", trigger: ".o_field_widget[name=fee_ids] .o_data_row:eq(1) .o_data_cell[name=quantity]", run: "click" },
        { content: "Quantity 3", trigger: ".o_field_widget[name=fee_ids] .o_data_row:eq(1) .o_data_cell[name=quantity] input", run: "edit 3" },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { content: "Saved: 160", trigger: ".o_field_widget[name=fee_total]:contains(160.00)" },
        { content: "Issue the notice", trigger: "button[name=action_issue_notice]", run: "click" },
        { content: "Notice form with its code", trigger: ".o_form_view .o_field_widget[name=payment_code]:contains(330400)" },
        { content: "Amount in capitals", trigger: ".o_form_view .o_field_widget[name=amount_upper]:contains(壹佰陆拾元整)" },
    ],
});
