from reports.api import views


def register(router) -> None:
    router.register("report-forms", views.ReportFormViewSet, basename="reportform")
    router.register("indicators", views.IndicatorViewSet, basename="indicator")
    router.register("periods", views.PeriodViewSet, basename="period")
    router.register("reports", views.ReportViewSet, basename="report")
    router.register("rollups", views.RollupViewSet, basename="rollup")
    router.register("completeness", views.CompletenessViewSet, basename="completeness")
