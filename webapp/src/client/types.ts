// Shapes of the plugin's /api/v1 answers (documented in docs/api.md).

export type Status = {
    version: string;
    user_id: string;
    username: string;
    connections: number;
    can_use_chats: boolean;
};
