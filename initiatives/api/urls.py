from initiatives.api import views


def register(router) -> None:
    router.register("initiatives", views.InitiativeViewSet, basename="initiative")
    router.register("review-rounds", views.ReviewRoundViewSet, basename="reviewround")
    router.register("fields", views.InitiativeFieldViewSet, basename="initiativefield")
    router.register("stages", views.StageViewSet, basename="stage")
    router.register("result-metrics", views.ResultMetricViewSet, basename="resultmetric")
    router.register("criteria-sets", views.CriteriaSetViewSet, basename="criteriaset")
    router.register("initiative-statistics", views.StatisticsViewSet, basename="initiative-statistics")
