import type { ReactionEmoji } from '../../../signal/protocol.ts';
import type { MessageKey } from '../i18n/index.ts';

/** What each reaction is called, for its button's name and the announcement. */
export const reactionNames: Record<ReactionEmoji, MessageKey> = {
  '👍': 'reaction.thumbsUp',
  '👏': 'reaction.clap',
  '😂': 'reaction.laugh',
  '❤️': 'reaction.heart',
  '🎉': 'reaction.party',
  '😮': 'reaction.wow',
};

/** How long a reaction shows over its sender's tile. */
export const REACTION_SHOWN_MS = 4000;
