package se.samverkan.direct;

/**
 * A conversation as one party sees it: the other party, the child's name, unread count and whether
 * both still have access now ({@code open}).
 */
record ConversationView(Conversation conversation, Conversation.Participant with, String childName, long unread,
                        boolean open) {
}
