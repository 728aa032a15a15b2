<?php

namespace Ict\Bridge\Events;

/** `knowledge_article_updated`: the same recipients as `knowledge_article_created`. */
class KnowledgeArticleUpdated extends KnowledgeArticleCreated
{
    public function type(): string
    {
        return 'knowledge_article_updated';
    }
}
