import { registry } from "@web/core/registry";

// A Bureau manager opens the catalog, searches an item and opens its form.
registry.category("web_tour.tours").add("gov_catalog_tour", {
    steps: () => [
        {
            content: "The catalog list shows items",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Open the first item",
            trigger: ".o_list_view .o_data_row:first-child .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "The form shows the materials tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains('材料'), .o_form_view .o_notebook .nav-link:contains('Materials')",
        },
        {
            content: "The form shows the implementation code",
            trigger: ".o_form_view .o_field_widget[name='implementation_code']",
        },
    ],
});
