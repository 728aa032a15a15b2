<?php

namespace Ict\Bridge\Tests\Fixtures\Models;

use Ict\Bridge\Eloquent\BroadcastsHelpDeskChanges;
use Illuminate\Database\Eloquent\Model;

class KnowledgeArticle extends Model
{
    use BroadcastsHelpDeskChanges;

    protected $guarded = [];
}
