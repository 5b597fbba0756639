from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class CurrentUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    is_system_admin = serializers.BooleanField()


class CurrentUserView(APIView):
    """Return the authenticated user (to check a token)."""

    serializer_class = CurrentUserSerializer

    @extend_schema(summary="Người dùng đang đăng nhập (để kiểm tra mã truy cập)")
    def get(self, request):
        user = request.user
        data = {
            "id": user.pk,
            "username": user.username,
            "full_name": user.full_name,
            "is_system_admin": user.is_superuser,
        }
        return Response(CurrentUserSerializer(data).data)
